using System.Text.Json.Nodes;
using HubSpotSandbox.Model;
using HubSpotSandbox.State;

namespace HubSpotSandbox.Webhooks;

/// <summary>Who made a change, as HubSpot reports it in <c>changeSource</c> / <c>sourceId</c>.</summary>
public sealed record ChangeSource(string Source, string SourceId)
{
    /// <summary>A write through the API by the app (what the bot does).</summary>
    public static ChangeSource Integration(long appId) => new("INTEGRATION", appId.ToString(System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>A change a person made in HubSpot's web UI.</summary>
    public static ChangeSource CrmUi(long userId) => new("CRM_UI", "userId:" + userId.ToString(System.Globalization.CultureInfo.InvariantCulture));
}

/// <summary>
/// Turns a stored write into the webhook events HubSpot would send an app subscribed to this project's subscriptions:
/// contact and deal creation, deletion and property changes (legacy <c>contact.*</c>/<c>deal.*</c> types), tasks as
/// generic <c>object.*</c> events with objectTypeId 0-27. One propertyChange per subscribed property that changed.
/// </summary>
public static class WebhookEvents
{
    /// <summary>The properties whose changes are subscribed (the bot's hubspot-app/webhooks project file lists the same).</summary>
    public static readonly IReadOnlyDictionary<string, IReadOnlyList<string>> SubscribedProperties = new Dictionary<string, IReadOnlyList<string>>
    {
        ["contacts"] = ["lifecyclestage", "hubspot_owner_id", "email", "firstname", "lastname"],
        ["deals"] = ["dealstage", "amount", "hubspot_owner_id", "dealname", "closedate", "pipeline"],
        ["tasks"] = ["hs_task_status", "hubspot_owner_id", "hs_timestamp", "hs_task_subject", "hs_task_priority"],
    };

    public static IReadOnlyList<JsonObject> Created(long appId, Portal portal, CrmRecord record, ChangeSource source, Func<long> nextId, DateTimeOffset at) =>
        Kind(record.Type) is { } kind ? [Event(appId, portal, record, kind, "creation", source, nextId(), at)] : [];

    public static IReadOnlyList<JsonObject> Deleted(long appId, Portal portal, CrmRecord record, ChangeSource source, Func<long> nextId, DateTimeOffset at) =>
        Kind(record.Type) is { } kind ? [Event(appId, portal, record, kind, "deletion", source, nextId(), at)] : [];

    public static IReadOnlyList<JsonObject> Changed(long appId, Portal portal, CrmRecord before, CrmRecord after, ChangeSource source, Func<long> nextId, DateTimeOffset at)
    {
        if (Kind(after.Type) is not { } kind || !SubscribedProperties.TryGetValue(after.Type.Name, out var properties)) return [];
        var events = new List<JsonObject>();
        foreach (var property in properties)
        {
            var value = after.Get(property);
            if (string.Equals(before.Get(property), value, StringComparison.Ordinal)) continue;
            var item = Event(appId, portal, after, kind, "propertyChange", source, nextId(), at);
            item["propertyName"] = property;
            item["propertyValue"] = value ?? "";
            events.Add(item);
        }
        return events;
    }

    /// <summary>"contact"/"deal" for the legacy types, "object" (with objectTypeId) for tasks; null: not subscribed.</summary>
    private static string? Kind(CrmObjectType type) =>
        type == CrmObjectType.Contacts ? "contact" : type == CrmObjectType.Deals ? "deal" : type == CrmObjectType.Tasks ? "object" : null;

    private static JsonObject Event(long appId, Portal portal, CrmRecord record, string kind, string action, ChangeSource source, long eventId, DateTimeOffset at)
    {
        var item = new JsonObject
        {
            ["eventId"] = eventId,
            ["subscriptionId"] = SubscriptionId(kind, action, record.Type),
            ["portalId"] = portal.Id,
            ["appId"] = appId,
            ["occurredAt"] = at.ToUnixTimeMilliseconds(),
            ["subscriptionType"] = $"{kind}.{action}",
            ["attemptNumber"] = 0,
            ["objectId"] = record.Id,
            ["changeSource"] = source.Source,
            ["sourceId"] = source.SourceId,
        };
        if (kind == "object") item["objectTypeId"] = record.Type.TypeId;
        if (action == "creation") item["changeFlag"] = "NEW";
        if (action == "deletion") item["changeFlag"] = "DELETED";
        return item;
    }

    /// <summary>A made-up subscription id per subscription type, the same in every run (string hash codes are not).</summary>
    private static long SubscriptionId(string kind, string action, CrmObjectType type)
    {
        var hash = 17L;
        foreach (var c in $"{kind}.{action}.{type.TypeId}") hash = (hash * 31 + c) % 900_000;
        return 1_000_000 + hash;
    }
}
