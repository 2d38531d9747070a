using System.Text.Json.Nodes;
using HubSpotTeamsBot.BotFramework.Schema;

namespace HubSpotTeamsBot.Features.MessageExtension;

/// <summary>What a <c>composeExtension/query</c> asks for (docs/teams-protocol.md, "Message-extension search"): the typed text or the initial run, and a page.</summary>
public sealed record ComposeQuery(string? Keyword, bool InitialRun, int Skip, int Count)
{
    /// <summary>
    /// Reads the invoke value defensively: Teams names the parameter <c>searchKeyword</c> (our manifest), other hosts
    /// (the Agents Playground) use their own name, so the first parameter that is not <c>initialRun</c> is the text.
    /// </summary>
    public static ComposeQuery From(JsonNode? value, int maxCount)
    {
        var parameters = value.Node("parameters") as JsonArray ?? [];
        var initialRun = false;
        string? keyword = null;
        foreach (var parameter in parameters.OfType<JsonObject>())
        {
            var name = parameter.Str("name");
            var text = parameter.Node("value") is JsonValue v ? v.ToString() : null;
            if (string.Equals(name, "initialRun", StringComparison.OrdinalIgnoreCase))
            {
                initialRun = string.Equals(text, "true", StringComparison.OrdinalIgnoreCase);
            }
            else if (keyword is null && !string.IsNullOrWhiteSpace(text))
            {
                keyword = text.Trim();
            }
        }

        var skip = Math.Max(0, Int(value.Node("queryOptions", "skip")) ?? 0);
        var count = Math.Clamp(Int(value.Node("queryOptions", "count")) ?? maxCount, 1, maxCount);
        return new ComposeQuery(keyword, initialRun || keyword is null, skip, count);
    }

    private static int? Int(JsonNode? node) => node is JsonValue v
        ? v.TryGetValue(out int i) ? i
        : v.TryGetValue(out string? s) && int.TryParse(s, System.Globalization.CultureInfo.InvariantCulture, out var parsed) ? parsed
        : null
        : null;
}
