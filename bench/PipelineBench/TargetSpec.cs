namespace PipelineBench;

/// <summary>One server the load generator drives: how to start it, whether a turn ends with a connector reply, and what a turn is.</summary>
internal sealed record TargetSpec(
    string Name,
    string FileName,
    IReadOnlyList<string> Arguments,
    IReadOnlyDictionary<string, string> Environment,
    bool RepliesToConnector,
    string? WorkingDirectory = null,
    TurnKind Turn = TurnKind.HelpMessage,
    bool UsesStorage = false);
