namespace PipelineBench;

/// <summary>One server the load generator drives: how to start it, and whether a turn ends with a connector reply.</summary>
internal sealed record TargetSpec(
    string Name,
    string FileName,
    IReadOnlyList<string> Arguments,
    IReadOnlyDictionary<string, string> Environment,
    bool RepliesToConnector,
    string? WorkingDirectory = null);
