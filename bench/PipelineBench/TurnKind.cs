namespace PipelineBench;

/// <summary>What one turn of a target is, and so when it is finished.</summary>
internal enum TurnKind
{
    /// <summary>A <c>help</c> message: finished when the reply reaches the connector (the ceiling: its HTTP answer).</summary>
    HelpMessage,

    /// <summary>A <c>composeExtension/query</c> invoke: finished when its HTTP 200 with the compose result arrives.</summary>
    ComposeQuery,
}
