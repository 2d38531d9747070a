using HubSpotTeamsBot.HubSpot;
using HubSpotTeamsBot.Records;

namespace HubSpotTeamsBot.Features.Deals;

/// <summary>
/// Server-side check that the chosen stage belongs to the chosen pipeline (docs/hubspot-api.md, "Pipelines"): a
/// crafted or stale
/// submit must not reach HubSpot with a stage from another pipeline.
/// </summary>
public static class DealStageCheck
{
    /// <summary>Null when the stage is valid, otherwise the sentence to show next to the field.</summary>
    public static async Task<string?> ProblemAsync(HubSpotCrmClient crm, string tenantId, string? choiceValue, CancellationToken ct)
    {
        if (!StageChoice.TryParse(choiceValue, out var pipelineId, out var stageId))
            return "Choose a pipeline and stage.";

        if (await crm.FindDealStageAsync(tenantId, pipelineId, stageId, ct) is not null) return null;

        var pipelines = await crm.GetDealPipelinesAsync(tenantId, ct);
        var pipeline = pipelines.FirstOrDefault(p => p.Id == pipelineId);
        return pipeline is null
            ? "That pipeline no longer exists in HubSpot. Choose another pipeline and stage."
            : $"That stage is not part of the {Cards.CardText.Literal(pipeline.Label)} pipeline. Choose one of its stages.";
    }
}
