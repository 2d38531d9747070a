using System.Net;

namespace HubSpotTeamsBot.HubSpot;

/// <summary>
/// HubSpot stores and shows activity bodies (<c>hs_note_body</c>, <c>hs_task_body</c>, <c>hs_call_body</c>,
/// <c>hs_meeting_body</c>) as HTML. What people write in Teams is text, end to end: every character is HTML-encoded, so
/// <c>&lt;script&gt;</c> or an entity typed (or decoded from a Teams message) stays visible text in HubSpot and never
/// becomes markup there. Only the paragraph and line-break tags are ours.
/// </summary>
public static class HubSpotRichText
{
    /// <summary>One paragraph of <paramref name="text"/>, its line breaks kept as <c>&lt;br&gt;</c>.</summary>
    public static string Paragraph(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return "<p>" + WebUtility.HtmlEncode(text.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n'))
            .Replace("\n", "<br>", StringComparison.Ordinal) + "</p>";
    }

    /// <summary>Several paragraphs, each encoded; empty ones are left out.</summary>
    public static string Paragraphs(params string?[] texts) =>
        string.Concat(texts.Where(t => !string.IsNullOrEmpty(t)).Select(t => Paragraph(t!)));
}
