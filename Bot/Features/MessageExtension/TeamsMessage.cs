using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using HubSpotTeamsBot.BotFramework.Schema;

namespace HubSpotTeamsBot.Features.MessageExtension;

/// <summary>
/// The Teams message an action command was invoked on (<c>value.messagePayload</c>, docs/teams-protocol.md,
/// "Message-extension action"): its id, text
/// (HTML turned into plain text), author, time and link back to it.
/// </summary>
public sealed partial record TeamsMessage(string Id, string Text, string? AuthorName, DateTimeOffset? CreatedAt, string? Link)
{
    /// <summary>
    /// The most text carried through the dialog's submit data: JSON may escape every non-ASCII character to six bytes,
    /// and the card must stay under 28 KB. The submit's own messagePayload, when Teams sends it, is used in full.
    /// </summary>
    public const int MaxDialogTextLength = 3000;

    /// <summary>HubSpot keeps up to 65,536 characters in a note body; the footer needs some of them.</summary>
    public const int MaxTextLength = 60_000;

    public static TeamsMessage? FromPayload(JsonNode? payload, int maxLength = MaxTextLength)
    {
        var id = payload.Str("id");
        if (payload is not JsonObject || string.IsNullOrWhiteSpace(id)) return null;
        var body = payload.Str("body", "content") ?? string.Empty;
        var text = string.Equals(payload.Str("body", "contentType"), "text", StringComparison.OrdinalIgnoreCase) ? body.Trim() : PlainText(body);
        return new TeamsMessage(
            id,
            text.Length > maxLength ? text[..maxLength] + "…" : text,
            payload.Str("from", "user", "displayName") ?? payload.Str("from", "application", "displayName"),
            DateTimeOffset.TryParse(payload.Str("createdDateTime"), System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var at) ? at : null,
            SafeLink(payload.Str("linkToMessage")));
    }

    public JsonObject ToJson() => new()
    {
        ["id"] = Id,
        ["text"] = Text,
        ["author"] = AuthorName,
        ["createdAt"] = CreatedAt?.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
        ["link"] = Link,
    };

    /// <summary>Reads back what <see cref="ToJson"/> put into the dialog's submit data.</summary>
    public static TeamsMessage? FromJson(JsonNode? data)
    {
        var id = data.Str("id");
        if (string.IsNullOrWhiteSpace(id)) return null;
        return new TeamsMessage(id, data.Str("text") ?? string.Empty, data.Str("author"),
            DateTimeOffset.TryParse(data.Str("createdAt"), System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var at) ? at : null,
            SafeLink(data.Str("link")));
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
