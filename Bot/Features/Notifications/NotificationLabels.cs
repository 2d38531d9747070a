using HubSpotTeamsBot.HubSpot;
using HubSpotTeamsBot.Records;

namespace HubSpotTeamsBot.Features.Notifications;

/// <summary>Display labels for the ids a notification shows (stages, pipelines, lifecycle stages, owners): cards show labels, not ids.</summary>
public sealed class NotificationLabels(
    IReadOnlyList<DealPipeline> pipelines,
    IReadOnlyDictionary<string, string> lifecycleStages,
    IReadOnlyDictionary<string, string> owners)
{
    public static readonly NotificationLabels None = new([], new Dictionary<string, string>(), new Dictionary<string, string>());

    public IReadOnlyList<DealPipeline> Pipelines => pipelines;

    public IReadOnlyList<(string Title, string Value)> LifecycleChoices => lifecycleStages.Select(p => (p.Value, p.Key)).ToList();

    public IReadOnlyList<(string Title, string Value)> OwnerChoices => owners.Select(p => (p.Value, p.Key)).ToList();

    /// <summary>The stage's label, in the deal's pipeline when known (<see cref="RecordLabels.StageOf"/>).</summary>
    public string? Stage(string? stageId, string? pipelineId = null) => RecordLabels.StageOf(pipelines, stageId, pipelineId);

    public string? Pipeline(string? pipelineId) => RecordLabels.PipelineOf(pipelines, pipelineId);

    public string? Lifecycle(string? value) => value is null ? null : lifecycleStages.GetValueOrDefault(value, value);

    public string? Owner(string? ownerId) => ownerId is null ? null : owners.GetValueOrDefault(ownerId, $"owner {ownerId}");

    /// <summary>Reads the labels through the HubSpot client (its metadata cache makes this cheap per batch).</summary>
    public static async Task<NotificationLabels> LoadAsync(HubSpotCrmClient crm, string tenantId, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(crm);
        var pipelines = await crm.GetDealPipelinesAsync(tenantId, ct);
        var lifecycle = await crm.GetEditablePropertyAsync(tenantId, CrmObjectType.Contacts, "lifecyclestage", ct);
        var owner = await crm.GetEditablePropertyAsync(tenantId, CrmObjectType.Contacts, "hubspot_owner_id", ct);
        return new NotificationLabels(pipelines, Options(lifecycle), Options(owner));
    }

    private static Dictionary<string, string> Options(PropertyDefinition? property) =>
        (property?.Options ?? []).Where(o => !o.Hidden).GroupBy(o => o.Value, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First().Label, StringComparer.Ordinal);
}
