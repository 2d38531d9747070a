using HubSpotTeamsBot.HubSpot;

namespace HubSpotTeamsBot.Records;

/// <summary>
/// One entry of the "Pipeline › Stage" choice list. Cards have no dependent drop-downs, so pipeline and stage
/// travel together in one choice value.
/// </summary>
public sealed record StageChoice(string PipelineId, string StageId, string Title)
{
    private const char Separator = '|';

    public string Value => $"{PipelineId}{Separator}{StageId}";

    /// <summary>Every active stage of every active pipeline, in HubSpot's display order.</summary>
    public static IReadOnlyList<StageChoice> From(IEnumerable<DealPipeline> pipelines) =>
        pipelines.SelectMany(p => p.Stages.Select(s => new StageChoice(p.Id, s.Id, $"{p.Label} › {s.Label}"))).ToList();

    /// <summary>Splits a submitted choice value; false for anything that is not "pipeline|stage".</summary>
    public static bool TryParse(string? value, out string pipelineId, out string stageId)
    {
        pipelineId = stageId = string.Empty;
        var parts = (value ?? string.Empty).Trim().Split(Separator);
        if (parts.Length != 2 || parts.Any(string.IsNullOrWhiteSpace)) return false;
        (pipelineId, stageId) = (parts[0], parts[1]);
        return true;
    }
}
