using System.Text.Json;
using System.Text.Json.Nodes;
using HubSpotTeamsBot.BotFramework.Schema;

namespace HubSpotTeamsBot.BotFramework.Queue;

/// <summary>
/// The queue message: <c>{"activity": {...}}</c>, or <c>{"blob": "name"}</c> when the activity was too large for a
/// message and was written to the bodies container first.
/// </summary>
internal static class QueuedActivity
{
    public static string Inline(Activity activity) =>
        new JsonObject { ["activity"] = JsonSerializer.SerializeToNode(activity, BotJson.Options) }.ToJsonString();

    public static string Pointer(string blobName) => new JsonObject { ["blob"] = blobName }.ToJsonString();

    /// <summary>Reads a message: the activity it carries, or the blob that holds it.</summary>
    public static (Activity? Activity, string? Blob) Read(string message)
    {
        var envelope = JsonNode.Parse(message)?.AsObject() ?? throw new JsonException("The queue message is empty.");
        if (envelope["blob"]?.GetValue<string>() is { } blob) return (null, blob);
        var activity = envelope["activity"]?.Deserialize<Activity>(BotJson.Options) ?? throw new JsonException("The queue message holds no activity.");
        return (activity, null);
    }
}
