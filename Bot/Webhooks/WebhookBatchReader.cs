using System.Text.Json;
using System.Text.Json.Nodes;

namespace HubSpotTeamsBot.Webhooks;

/// <summary>One event as received: the JSON object as HubSpot sent it (kept whole, so fields the bot does not read yet
/// survive the queue) and the fields the bot reads.</summary>
public sealed record ReceivedEvent(JsonObject Json, HubSpotWebhookEvent Event);

/// <summary>
/// Reads a webhook request body: a JSON array of event objects, each with a positive <c>eventId</c>, <c>portalId</c>,
/// <c>occurredAt</c> and <c>objectId</c> and a <c>subscriptionType</c>. Anything else is malformed (400): HubSpot only
/// sends such arrays, so a body that is not one did not come from HubSpot's webhook sender.
/// </summary>
public static class WebhookBatchReader
{
    /// <summary>More than HubSpot's 100 per request, so a batch of HubSpot's is never refused for its size alone.</summary>
    public const int MaxEvents = 1000;

    public static (IReadOnlyList<ReceivedEvent>? Events, string? Problem) Read(ReadOnlySpan<byte> body)
    {
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(body, documentOptions: new JsonDocumentOptions { MaxDepth = 16 });
        }
        catch (JsonException)
        {
            return (null, "the body is not JSON");
        }

        if (root is not JsonArray array) return (null, "the body is not a JSON array of events");
        if (array.Count > MaxEvents) return (null, $"the batch holds more than {MaxEvents} events");
        var events = new List<ReceivedEvent>(array.Count);
        for (var i = 0; i < array.Count; i++)
        {
            if (array[i] is not JsonObject item) return (null, $"item {i} is not an event object");
            HubSpotWebhookEvent? parsed;
            try
            {
                parsed = item.Deserialize<HubSpotWebhookEvent>();
            }
            catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException)
            {
                return (null, $"item {i} has a field of the wrong type");
            }
            if (parsed is null || parsed.EventId <= 0 || parsed.PortalId <= 0 || parsed.OccurredAt <= 0 || parsed.ObjectId < 0
                || string.IsNullOrWhiteSpace(parsed.SubscriptionType) || parsed.SubscriptionType.Length > 100)
                return (null, $"item {i} lacks eventId, portalId, occurredAt, objectId or subscriptionType");
            events.Add(new ReceivedEvent((JsonObject)item.DeepClone(), parsed));
        }
        return (events, null);
    }
}
