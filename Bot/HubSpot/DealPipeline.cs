namespace HubSpotTeamsBot.HubSpot;

/// <summary>A deal pipeline with its stages ordered by display order.</summary>
public sealed record DealPipeline(string Id, string Label, int DisplayOrder, IReadOnlyList<DealStage> Stages, bool Archived = false)
{
    public DealStage? FindStage(string stageId) => Stages.FirstOrDefault(stage => stage.Id == stageId);
}

/// <summary>A pipeline stage; deal stages carry <c>probability</c> (and often <c>isClosed</c>) in <see cref="Metadata"/>.</summary>
public sealed record DealStage(
    string Id,
    string Label,
    int DisplayOrder,
    IReadOnlyDictionary<string, string?>? Metadata = null,
    bool Archived = false,
    string? WritePermissions = null)
{
    public string? Probability => Metadata is not null && Metadata.TryGetValue("probability", out var value) ? value : null;
}
