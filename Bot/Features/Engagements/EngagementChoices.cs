using HubSpotTeamsBot.HubSpot;

namespace HubSpotTeamsBot.Features.Engagements;

/// <summary>
/// The drop-down options of the engagement forms, read from HubSpot's property definitions (so a portal's own options
/// show up); HubSpot's documented defaults stand in when the definitions cannot be read.
/// </summary>
/// <param name="Owners">The task form's assignees (the portal's owners, the acting user first); null for other kinds.</param>
public sealed record EngagementChoices(IReadOnlyDictionary<string, IReadOnlyList<(string Title, string Value)>> Options, Records.OwnerChoices? Owners = null)
{
    private static readonly Dictionary<(CrmObjectType, string), (string, string)[]> Defaults = new()
    {
        [(CrmObjectType.Calls, "hs_call_direction")] = [("Inbound", "INBOUND"), ("Outbound", "OUTBOUND")],
        [(CrmObjectType.Calls, "hs_call_status")] = [("Completed", "COMPLETED"), ("Busy", "BUSY"), ("No answer", "NO_ANSWER"), ("Failed", "FAILED"), ("Canceled", "CANCELED")],
        [(CrmObjectType.Meetings, "hs_meeting_outcome")] = [("Scheduled", "SCHEDULED"), ("Completed", "COMPLETED"), ("Rescheduled", "RESCHEDULED"), ("No show", "NO_SHOW"), ("Canceled", "CANCELED")],
        [(CrmObjectType.Tasks, "hs_task_priority")] = [("None", "NONE"), ("Low", "LOW"), ("Medium", "MEDIUM"), ("High", "HIGH")],
        [(CrmObjectType.Tasks, "hs_task_type")] = [("To-do", "TODO"), ("Call", "CALL"), ("Email", "EMAIL")],
    };

    public IReadOnlyList<(string Title, string Value)> For(string property) =>
        Options.TryGetValue(property, out var options) ? options : [];

    public static async Task<EngagementChoices> LoadAsync(HubSpotCrmClient crm, string tenantId, EngagementKind kind, CancellationToken ct)
    {
        var type = kind.ObjectType();
        var options = new Dictionary<string, IReadOnlyList<(string, string)>>(StringComparer.Ordinal);
        foreach (var ((objectType, property), fallback) in Defaults.Where(d => d.Key.Item1 == type))
        {
            IReadOnlyList<(string, string)> list = fallback;
            try
            {
                if (await crm.GetEditablePropertyAsync(tenantId, objectType, property, ct) is { Options.Count: > 0 } definition)
                    list = definition.Options.Select(o => (o.Label, o.Value)).ToList();
            }
            catch (HubSpotException e) when (e is HubSpotRateLimitedException or HubSpotUnavailableException)
            {
                // The documented defaults keep the form usable while HubSpot is busy.
            }
            options[property] = list;
        }
        return new EngagementChoices(options);
    }
}
