using System.Text.Json.Nodes;

namespace HubSpotTeamsBot.BotFramework.Schema;

/// <summary>
/// Safe reads from untrusted JSON: a path through objects that yields null (never throws) when a step is missing
/// or is not an object, and strings only when the value really is a string.
/// </summary>
public static class JsonPath
{
    public static JsonNode? Node(this JsonNode? node, params string[] path)
    {
        foreach (var step in path)
        {
            node = node is JsonObject o && o.TryGetPropertyValue(step, out var next) ? next : null;
            if (node is null) return null;
        }
        return node;
    }

    public static string? Str(this JsonNode? node, params string[] path) =>
        node.Node(path) is JsonValue v && v.TryGetValue(out string? s) ? s : null;
}
