using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Bot.Tests.Harness;

/// <summary>
/// Keeps every Adaptive Card the bot produced during the test run as a JSON file under artifacts/cards/ (one file per
/// distinct card, named by the route that produced it), so scripts/render-cards.mjs can render each one with
/// Microsoft's renderer after the tests. The folder can be moved with CARD_CAPTURE_DIR.
/// </summary>
public static partial class CardCapture
{
    private const string AdaptiveCardType = "application/vnd.microsoft.card.adaptive";
    private static readonly Lazy<string?> Directory = new(FindDirectory);

    /// <summary>Saves every Adaptive Card found anywhere in <paramref name="payload"/> (an activity or an invoke
    /// response): attachments, dialog cards, message-extension results and previews, Action.Execute responses.</summary>
    public static void SaveAll(JsonNode? payload, string route)
    {
        if (payload is null || Directory.Value is not { } folder) return;
        foreach (var card in FindCards(payload)) Save(folder, card, route);
    }

    /// <summary>Every Adaptive Card in an activity or invoke answer (attachments, dialogs, Action.Execute answers).</summary>
    public static IEnumerable<JsonObject> FindCards(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject o:
                // An attachment ({contentType, content}) or an Action.Execute answer ({type, value}).
                if (o["contentType"]?.GetValueKind() == System.Text.Json.JsonValueKind.String
                    && o["contentType"]!.GetValue<string>() == AdaptiveCardType && o["content"] is JsonObject content)
                {
                    yield return content;
                    yield break;
                }
                if (o["type"]?.GetValueKind() == System.Text.Json.JsonValueKind.String
                    && o["type"]!.GetValue<string>() == AdaptiveCardType && o["value"] is JsonObject value)
                {
                    yield return value;
                    yield break;
                }
                foreach (var (_, child) in o)
                    foreach (var card in FindCards(child)) yield return card;
                break;
            case JsonArray a:
                foreach (var child in a)
                    foreach (var card in FindCards(child)) yield return card;
                break;
        }
    }

    private static void Save(string folder, JsonObject card, string route)
    {
        var json = card.ToJsonString();
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(json)))[..12];
        // Same card, same file: identical cards from many tests are rendered once.
        if (System.IO.Directory.EnumerateFiles(folder, $"*-{hash}.json").Any()) return;
        var path = Path.Combine(folder, $"{Slug(route)}-{hash}.json");
        try
        {
            using var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write);
            file.Write(Encoding.UTF8.GetBytes(json));
        }
        catch (IOException) when (File.Exists(path))
        {
            // Another test saved the same card at the same moment.
        }
    }

    private static string Slug(string route)
    {
        var slug = NonWordRun().Replace(route.ToLowerInvariant(), "-").Trim('-');
        return slug.Length == 0 ? "card" : slug[..Math.Min(slug.Length, 60)];
    }

    private static string? FindDirectory()
    {
        var configured = Environment.GetEnvironmentVariable("CARD_CAPTURE_DIR");
        var folder = configured;
        if (string.IsNullOrEmpty(folder))
        {
            // The repository root: the folder holding the solution, above the test assembly's bin folder.
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "HubSpotTeamsBot.sln"))) dir = dir.Parent;
            if (dir is null) return null;
            folder = Path.Combine(dir.FullName, "artifacts", "cards");
        }
        System.IO.Directory.CreateDirectory(folder);
        return folder;
    }

    /// <summary>The route name for a captured invoke: its name plus the verb or command it carried.</summary>
    public static string RouteOf(JsonObject invoke)
    {
        var name = invoke["name"]?.GetValue<string>() ?? "invoke";
        // Malformed values are posted too (issue 19 tests): read only through objects.
        var value = invoke["value"] as JsonObject;
        var key = Text((value?["action"] as JsonObject)?["verb"]) ?? Text((value?["data"] as JsonObject)?["verb"]) ?? Text(value?["commandId"]);
        return key is null ? name : $"{name}-{key}";
    }

    /// <summary>The route name for a card the bot posted: the first verb on the card, if any.</summary>
    public static string RouteOf(string method, JsonObject? activity)
    {
        var kind = method == "PUT" ? "update" : "message";
        var verb = FindVerb(activity);
        return verb is null ? kind : $"{kind}-{verb}";
    }

    private static string? FindVerb(JsonNode? node) => node switch
    {
        JsonObject o when Text(o["verb"]) is { } verb => verb,
        JsonObject o => o.Select(p => FindVerb(p.Value)).FirstOrDefault(v => v is not null),
        JsonArray a => a.Select(FindVerb).FirstOrDefault(v => v is not null),
        _ => null,
    };

    private static string? Text(JsonNode? node) =>
        node is JsonValue v && v.TryGetValue(out string? s) && !string.IsNullOrWhiteSpace(s) ? s : null;

    [GeneratedRegex("[^a-z0-9]+")]
    private static partial Regex NonWordRun();
}
