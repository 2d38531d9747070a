namespace HubSpotSandbox.Model;

/// <summary>HubSpot's Pipeline with embedded stages (docs/hubspot-api.md, "Pipelines").</summary>
public sealed record Pipeline
{
    public required string Id { get; init; }
    public required string Label { get; init; }
    public required int DisplayOrder { get; init; }
    public required IReadOnlyList<PipelineStage> Stages { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    public required DateTimeOffset UpdatedAt { get; init; }
    public bool Archived { get; init; }
}

/// <summary>A deal stage; HubSpot sends metadata values as strings.</summary>
public sealed record PipelineStage
{
    public required string Id { get; init; }
    public required string Label { get; init; }
    public required int DisplayOrder { get; init; }
    public required IReadOnlyDictionary<string, string> Metadata { get; init; }
    public string WritePermissions { get; init; } = "CRM_PERMISSIONS_ENFORCEMENT";
    public required DateTimeOffset CreatedAt { get; init; }
    public required DateTimeOffset UpdatedAt { get; init; }
    public bool Archived { get; init; }
}
