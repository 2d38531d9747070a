using HubSpotTeamsBot.HubSpot;

namespace HubSpotTeamsBot.Records;

/// <summary>
/// The portal's labels for the enumerations a record card shows — pipeline and stage for deals, lifecycle stage and
/// lead status for contacts — from the cached pipeline and property definitions, so a card says "Contract sent" and
/// "Lead", never "contractsent" or "lead". When HubSpot can't say right now, the card shows the stored values.
/// </summary>
public sealed class RecordLabels(HubSpotCrmClient crm, ILogger<RecordLabels> logger)
{
    private static readonly string[] ContactEnumerations = ["lifecyclestage", "hs_lead_status"];

    /// <summary>A lookup giving, for one record, its values' labels (value → label).</summary>
    public async Task<Func<CrmObject, IReadOnlyDictionary<string, string>>> ForAsync(string tenantId, CrmObjectType type, CancellationToken ct)
    {
        try
        {
            if (type == CrmObjectType.Deals)
            {
                var pipelines = await crm.GetDealPipelinesAsync(tenantId, ct);
                return deal => DealLabels(pipelines, deal);
            }
            var properties = await crm.GetEditablePropertiesAsync(tenantId, CrmObjectType.Contacts, ct);
            var options = properties.Where(p => ContactEnumerations.Contains(p.Name))
                .ToDictionary(p => p.Name, p => p.Options.GroupBy(o => o.Value).ToDictionary(g => g.Key, g => g.First().Label, StringComparer.Ordinal), StringComparer.Ordinal);
            return contact =>
            {
                var labels = new Dictionary<string, string>(StringComparer.Ordinal);
                foreach (var (property, byValue) in options)
                    if (contact[property] is { } value && byValue.TryGetValue(value, out var label)) labels[value] = label;
                return labels;
            };
        }
        catch (HubSpotException e) when (e is not HubSpotAuthException)
        {
            logger.LogInformation("Labels unavailable ({Status}); cards show stored values.", e.StatusCode);
            return _ => new Dictionary<string, string>();
        }
    }

    /// <summary>A deal's stage label (its own pipeline's), for lists where records with the same name must be told apart.</summary>
    public async Task<Func<CrmObject, string?>> StageOfAsync(string tenantId, CancellationToken ct)
    {
        var labelsOf = await ForAsync(tenantId, CrmObjectType.Deals, ct);
        return deal => deal["dealstage"] is { } stage ? labelsOf(deal).GetValueOrDefault(stage) : null;
    }

    /// <summary>
    /// A stage's label: in <paramref name="pipelineId"/>'s pipeline when it holds the stage (a stage id can repeat across
    /// pipelines), else in the first pipeline that does; the id itself when none does.
    /// </summary>
    public static string? StageOf(IReadOnlyList<DealPipeline> pipelines, string? stageId, string? pipelineId = null)
    {
        ArgumentNullException.ThrowIfNull(pipelines);
        if (stageId is null) return null;
        var stage = pipelines.FirstOrDefault(p => p.Id == pipelineId)?.FindStage(stageId)
            ?? pipelines.Select(p => p.FindStage(stageId)).FirstOrDefault(s => s is not null);
        return stage?.Label ?? stageId;
    }

    /// <summary>A pipeline's label; the id itself when the portal has no such pipeline.</summary>
    public static string? PipelineOf(IReadOnlyList<DealPipeline> pipelines, string? pipelineId)
    {
        ArgumentNullException.ThrowIfNull(pipelines);
        return pipelineId is null ? null : pipelines.FirstOrDefault(p => p.Id == pipelineId)?.Label ?? pipelineId;
    }

    /// <summary>The deal's own pipeline and stage (a stage id can repeat across pipelines: the deal's pipeline decides).</summary>
    public static IReadOnlyDictionary<string, string> DealLabels(IReadOnlyList<DealPipeline> pipelines, CrmObject deal)
    {
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        var stage = deal["dealstage"];
        var pipeline = pipelines.FirstOrDefault(p => p.Id == deal["pipeline"]) ?? (stage is null ? null : pipelines.FirstOrDefault(p => p.FindStage(stage) is not null));
        if (pipeline is null) return labels;
        if (deal["pipeline"] is { } pipelineId) labels[pipelineId] = pipeline.Label;
        if (stage is not null && pipeline.FindStage(stage) is { } found) labels[stage] = found.Label;
        return labels;
    }
}
