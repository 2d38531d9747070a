using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using HubSpotTeamsBot.BotFramework.Schema;

namespace HubSpotTeamsBot.Features.MessageExtension;

/// <summary>
/// The Teams message an action command was invoked on (<c>value.messagePayload</c>, docs/teams-protocol.md,
/// "Message-extension action"): its id, text
/// (HTML turned into plain text), author, time and link back to it. The text is never cut here: a copy the Log to
/// HubSpot dialog could only carry in part says so (<see cref="OriginalLength"/>).
/// </summary>
public sealed partial record TeamsMessage(string Id, string Text, string? AuthorName, DateTimeOffset? CreatedAt, string? Link)
{
    /// <summary>The message's whole length when <see cref="Text"/> is only its beginning (the dialog's copy of a message
    /// too long for the card); null when <see cref="Text"/> is the whole message.</summary>
    public int? OriginalLength { get; init; }

    /// <summary>The whole message's length, whether or not all of it is in <see cref="Text"/>.</summary>
    public int Length => OriginalLength ?? Text.Length;

    /// <summary>True when <see cref="Text"/> is only the beginning of the message.</summary>
    public bool IsPart => Length > Text.Length;

    public static TeamsMessage? FromPayload(JsonNode? payload)
    {
        var id = payload.Str("id");
        if (payload is not JsonObject || string.IsNullOrWhiteSpace(id)) return null;
        var body = payload.Str("body", "content") ?? string.Empty;
        var text = string.Equals(payload.Str("body", "contentType"), "text", StringComparison.OrdinalIgnoreCase) ? body.Trim() : PlainText(body);
        return new TeamsMessage(
            id,
            text,
            payload.Str("from", "user", "displayName") ?? payload.Str("from", "application", "displayName"),
            DateTimeOffset.TryParse(payload.Str("createdDateTime"), System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var at) ? at : null,
            SafeLink(payload.Str("linkToMessage")));
    }

    public JsonObject ToJson()
    {
        var json = new JsonObject
        {
            ["id"] = Id,
            ["text"] = Text,
            ["author"] = AuthorName,
            ["createdAt"] = CreatedAt?.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
            ["link"] = Link,
        };
        if (IsPart) json["length"] = Length;
        return json;
    }

    /// <summary>The message with only its first <paramref name="count"/> characters (never half an emoji), still knowing
    /// its whole length.</summary>
    public TeamsMessage Beginning(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if (count >= Text.Length) return this;
        if (count > 0 && char.IsLowSurrogate(Text[count])) count--;
        return this with { Text = Text[..count], OriginalLength = Length };
    }

    /// <summary>The most characters of <see cref="Text"/> (less than all of it) for which <paramref name="fits"/> holds,
    /// found by trying: what a beginning takes up (HTML or JSON escaping, figures in the text) grows with it, unevenly.</summary>
    public int LongestBeginning(Func<int, bool> fits)
    {
        ArgumentNullException.ThrowIfNull(fits);
        int low = 0, high = Text.Length - 1;
        while (low < high)
        {
            var mid = (low + high + 1) / 2;
            if (fits(mid)) low = mid;
            else high = mid - 1;
        }
        return low;
    }

    /// <summary>Reads back what <see cref="ToJson"/> put into the dialog's submit data.</summary>
    public static TeamsMessage? FromJson(JsonNode? data)
    {
        var id = data.Str("id");
        if (string.IsNullOrWhiteSpace(id)) return null;
        var text = data.Str("text") ?? string.Empty;
        // The card's own data, so it can be forged: a length that is no longer than the text says nothing was left out.
        var length = data?["length"] is JsonValue value && value.TryGetValue<int>(out var n) && n > text.Length ? n : (int?)null;
        return new TeamsMessage(id, text, data.Str("author"),
            DateTimeOffset.TryParse(data.Str("createdAt"), System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var at) ? at : null,
            SafeLink(data.Str("link"))) { OriginalLength = length };
    }

    /// <summary>Teams bodies are HTML: line breaks and paragraphs become newlines, tags go, entities are decoded.</summary>
    public static string PlainText(string html)
    {
        var text = LineBreak().Replace(html ?? string.Empty, "\n");
        text = Tag().Replace(text, string.Empty);
        text = WebUtility.HtmlDecode(text).Replace('\u00a0', ' ');
        return ManyNewlines().Replace(text, "\n\n").Trim();
    }

    // Only a web link goes into HubSpot; anything else (javascript:, a relative path) is dropped.
    private static string? SafeLink(string? link) =>
        Uri.TryCreate(link, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp) ? uri.ToString() : null;

    [GeneratedRegex(@"<\s*br\s*/?\s*>|<\s*/\s*(p|div|li|h[1-6]|tr|blockquote)\s*>", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex LineBreak();

    [GeneratedRegex(@"<[^>]*>", RegexOptions.CultureInvariant)]
    private static partial Regex Tag();

    [GeneratedRegex(@"\n[ \t]*(\n[ \t]*){2,}", RegexOptions.CultureInvariant)]
    private static partial Regex ManyNewlines();
}
