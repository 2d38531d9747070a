using HubSpotTeamsBot.HubSpot;

namespace HubSpotTeamsBot.Records;

/// <summary>Stage labels for deals ("Contract sent" rather than "contractsent"); pipelines are cached by the client.</summary>
public sealed class DealStageLabels(HubSpotCrmClient crm)
{
    /// <summary>Stage id → label per pipeline; empty when HubSpot can't say right now (the ids are shown instead).</summary>
    public async Task<Func<CrmObject, string?>> ForAsync(string tenantId, CancellationToken ct)
    {
        IReadOnlyList<DealPipeline> pipelines;
        try
        {
            pipelines = await crm.GetDealPipelinesAsync(tenantId, ct);
        }
        catch (HubSpotException)
        {
            pipelines = [];
        }

        return deal =>
        {
            var stage = deal["dealstage"];
            if (stage is null) return null;
            var pipeline = pipelines.FirstOrDefault(p => p.Id == deal["pipeline"]) ?? pipelines.FirstOrDefault(p => p.FindStage(stage) is not null);
            return pipeline?.FindStage(stage)?.Label ?? stage;
        };
    }
}
