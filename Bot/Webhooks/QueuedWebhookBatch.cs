using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace HubSpotTeamsBot.Webhooks;

/// <summary>
/// The queue message for accepted events: <c>{"receivedAt": epoch ms, "events": [ …as HubSpot sent them… ]}</c>.
/// A storage queue message holds 64 KiB, so a large batch is split over several messages; the events are
/// independent (each is deduplicated by its id), so splitting changes nothing downstream. The JSON writer escapes
/// everything outside ASCII, so the text is safe in the queue's XML envelope.
/// </summary>
internal static class QueuedWebhookBatch
{
    /// <summary>Room below the 64 KiB message limit for the envelope.</summary>
    public const int MaxMessageBytes = 60 * 1024;

    public static IReadOnlyList<string> Pack(IReadOnlyList<ReceivedEvent> events, DateTimeOffset receivedAt)
    {
        var messages = new List<string>();
        var current = new List<string>();
        var size = 0;
        foreach (var item in events)
        {
            var json = Fit(item.Json);
            if (current.Count > 0 && size + json.Length + 64 > MaxMessageBytes)
            {
                messages.Add(Envelope(current, receivedAt));
                current.Clear();
                size = 0;
            }
            current.Add(json);
            size += json.Length + 1;
        }
        if (current.Count > 0) messages.Add(Envelope(current, receivedAt));
        return messages;
    }

    public static (DateTimeOffset ReceivedAt, IReadOnlyList<HubSpotWebhookEvent> Events) Unpack(string message)
    {
        var root = JsonNode.Parse(message) as JsonObject ?? throw new JsonException("The queued webhook batch is not a JSON object.");
        var receivedAt = DateTimeOffset.FromUnixTimeMilliseconds(root["receivedAt"]?.GetValue<long>() ?? 0);
        var events = (root["events"] as JsonArray ?? throw new JsonException("The queued webhook batch has no events."))
            .Select(e => e.Deserialize<HubSpotWebhookEvent>() ?? throw new JsonException("A queued webhook event is null."))
            .ToList();
        return (receivedAt, events);
    }

    /// <summary>
    /// An event alone larger than a message can only be a property change with a huge value (a long description): the
    /// value is cut (and flagged) rather than the event refused; a reader wanting the whole value reads the record.
    /// </summary>
    private static string Fit(JsonObject item)
    {
        var json = item.ToJsonString();
        if (json.Length <= MaxMessageBytes - 1024) return json;
        var copy = (JsonObject)item.DeepClone();
        copy["propertyValue"] = (copy["propertyValue"]?.ToString() ?? "") is { Length: > MaxCutValue } value ? value[..MaxCutValue] : copy["propertyValue"]?.ToString();
        copy["propertyValueTruncated"] = true;
        json = copy.ToJsonString();
        return json.Length <= MaxMessageBytes - 1024
            ? json
            : new JsonObject { ["eventId"] = item["eventId"]?.DeepClone(), ["portalId"] = item["portalId"]?.DeepClone(), ["occurredAt"] = item["occurredAt"]?.DeepClone(),
                ["subscriptionType"] = item["subscriptionType"]?.DeepClone(), ["objectId"] = item["objectId"]?.DeepClone(), ["objectTypeId"] = item["objectTypeId"]?.DeepClone(),
                ["propertyName"] = item["propertyName"]?.DeepClone(), ["propertyValueTruncated"] = true }.ToJsonString();
    }

    private const int MaxCutValue = 4000;

    private static string Envelope(List<string> events, DateTimeOffset receivedAt)
    {
        var builder = new StringBuilder(MaxMessageBytes);
        builder.Append("{\"receivedAt\":").Append(receivedAt.ToUnixTimeMilliseconds()).Append(",\"events\":[");
        builder.AppendJoin(',', events);
        return builder.Append("]}").ToString();
    }
}
