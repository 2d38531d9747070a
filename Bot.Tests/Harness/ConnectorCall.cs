using System.Text.Json.Nodes;

namespace Bot.Tests.Harness;

/// <summary>One call the bot made to the simulated Bot Connector.</summary>
public sealed record ConnectorCall(string Method, string Path, string? Authorization, JsonObject? Body)
{
    /// <summary>The status the fake connector answered (a scripted failure's, else 200).</summary>
    public int Status { get; set; } = 200;

    /// <summary>The sender's User-Agent: the bot names its instance there (which instance of a scaled-out run posted this).</summary>
    public string? UserAgent { get; init; }

    /// <summary>When the call arrived.</summary>
    public DateTimeOffset At { get; init; } = DateTimeOffset.UtcNow;

    public string? Text => Body?["text"]?.GetValue<string>();

    /// <summary>The first Adaptive Card in the activity, if any.</summary>
    public JsonObject? Card => Body?["attachments"]?.AsArray()
        .FirstOrDefault(a => a?["contentType"]?.GetValue<string>() == "application/vnd.microsoft.card.adaptive")?["content"]?.AsObject();

    /// <summary>Everything a person would read on the card or in the text, for assertions.</summary>
    public string VisibleText => string.Join("\n", new[] { Text }.Concat(CardTexts(Card)).Where(s => !string.IsNullOrEmpty(s)));

    private static IEnumerable<string?> CardTexts(JsonNode? node) => node switch
    {
        JsonObject o => o.SelectMany(p => p.Key is "text" or "title" or "value" && p.Value is JsonValue v && v.TryGetValue(out string? s)
            ? [s]
            : CardTexts(p.Value)),
        JsonArray a => a.SelectMany(CardTexts),
        _ => [],
    };
}
