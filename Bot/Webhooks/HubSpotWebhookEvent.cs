using System.Text.Json.Serialization;

namespace HubSpotTeamsBot.Webhooks;

/// <summary>
/// One event of a HubSpot webhook batch (the request body is a JSON array of these), with the fields the bot uses.
/// HubSpot may deliver an event more than once and in any order; <see cref="EventId"/> identifies it across deliveries.
/// </summary>
public sealed record HubSpotWebhookEvent
{
    [JsonPropertyName("eventId")] public long EventId { get; init; }
    [JsonPropertyName("subscriptionId")] public long SubscriptionId { get; init; }
    [JsonPropertyName("portalId")] public long PortalId { get; init; }
    [JsonPropertyName("appId")] public long AppId { get; init; }

    /// <summary>When the change happened in HubSpot, epoch milliseconds.</summary>
    [JsonPropertyName("occurredAt")] public long OccurredAt { get; init; }

    /// <summary>e.g. <c>deal.propertyChange</c>, <c>deal.creation</c>, <c>contact.creation</c>, <c>deal.deletion</c>,
    /// or the generic <c>object.creation</c>/<c>object.propertyChange</c> (then <see cref="ObjectTypeId"/> says which kind).</summary>
    [JsonPropertyName("subscriptionType")] public string SubscriptionType { get; init; } = "";

    /// <summary>Only on generic <c>object.*</c> events: HubSpot's object type id (0-1 contact, 0-3 deal, 0-27 task).</summary>
    [JsonPropertyName("objectTypeId")] public string? ObjectTypeId { get; init; }

    [JsonPropertyName("attemptNumber")] public int AttemptNumber { get; init; }
    [JsonPropertyName("objectId")] public long ObjectId { get; init; }

    /// <summary>On property changes: the property's internal name and its new value.</summary>
    [JsonPropertyName("propertyName")] public string? PropertyName { get; init; }
    [JsonPropertyName("propertyValue")] public string? PropertyValue { get; init; }

    /// <summary>Where the change came from, e.g. <c>CRM_UI</c>, <c>INTEGRATION</c>, <c>API</c>.</summary>
    [JsonPropertyName("changeSource")] public string? ChangeSource { get; init; }

    /// <summary>Who made the change, e.g. <c>userId:123</c> for a HubSpot user or the app id for an integration.</summary>
    [JsonPropertyName("sourceId")] public string? SourceId { get; init; }
}
