using System.Text.Json;
using System.Text.Json.Nodes;
using HubSpotTeamsBot.BotFramework.Schema;

namespace HubSpotTeamsBot.BotFramework.Queue;

/// <summary>
/// The queue message: <c>{"activities": [{...}, ...]}</c> (the activities stored together by one send, in the order
/// they were accepted), <c>{"activity": {...}}</c> (one, as earlier versions wrote), or <c>{"blob": "name"}</c> when
/// the activity was too large for a message and was written to the bodies container first.
/// </summary>
internal static class QueuedActivity
{
    /// <summary>An activity as it goes into a queue message; its UTF-8 length decides whether it fits.</summary>
    public static string Serialize(Activity activity) => JsonSerializer.Serialize(activity, BotJson.Options);

    public static string Inline(Activity activity) => Many([Serialize(activity)]);

    /// <summary>Several serialized activities as one message, in the given order.</summary>
    public static string Many(IEnumerable<string> serializedActivities) =>
        "{\"activities\":[" + string.Join(',', serializedActivities) + "]}";

    /// <summary>The bytes <see cref="Many"/> adds around its activities (and per activity, one comma).</summary>
    public const int EnvelopeBytes = 17;

    public static string Pointer(string blobName) => new JsonObject { ["blob"] = blobName }.ToJsonString();

    /// <summary>
    /// The endpoint accepts activities nested up to System.Text.Json's default depth of 64; the envelope adds two
    /// levels (object, array), so a message is read with room for them.
    /// </summary>
    private static readonly JsonDocumentOptions EnvelopeDepth = new() { MaxDepth = 64 + 2 };

    /// <summary>Reads a message: the activities it carries, or the blob that holds them.</summary>
    public static (IReadOnlyList<Activity>? Activities, string? Blob) Read(string message)
    {
        var envelope = JsonNode.Parse(message, documentOptions: EnvelopeDepth)?.AsObject() ?? throw new JsonException("The queue message is empty.");
        if (envelope["blob"]?.GetValue<string>() is { } blob) return (null, blob);
        if (envelope["activities"] is JsonArray many)
        {
            var activities = many.Select(a => a?.Deserialize<Activity>(BotJson.Options) ?? throw new JsonException("The queue message holds an empty activity.")).ToList();
            if (activities.Count == 0) throw new JsonException("The queue message holds no activity.");
            return (activities, null);
        }
        var activity = envelope["activity"]?.Deserialize<Activity>(BotJson.Options) ?? throw new JsonException("The queue message holds no activity.");
        return ([activity], null);
    }
}
