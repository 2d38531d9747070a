using System.Buffers;
using System.Globalization;
using System.Text;

namespace HubSpotTeamsBot.Cards;

/// <summary>
/// Outside text (HubSpot values, names from Teams or Entra, what people typed) placed inside card markdown. Teams
/// renders TextBlock text and FactSet facts as markdown, so a contact named <c>[Reset your password](https://evil)</c>
/// would otherwise become a live link. <see cref="Literal"/> makes a value show exactly as typed: markdown syntax is
/// backslash-escaped (CommonMark escapes, which Teams honours), <c>{{DATE(…)}}</c> functions cannot form, bidirectional
/// override characters are dropped, line breaks become spaces and the value is capped so one field cannot fill the card.
/// Our own formatting around the value (<c>**bold**</c> labels) is left as it is. Details: docs/card-text.md.
/// </summary>
public static class CardText
{
    /// <summary>Enough for any name, email or deal name; longer text is cut with an ellipsis.</summary>
    public const int DefaultMaxLength = 500;

    // Characters that start or end markdown syntax anywhere in a line: emphasis, links and images, code, HTML and
    // autolinks, strikethrough, escapes, and the braces of Adaptive Card DATE/TIME functions.
    private const string AlwaysEscaped = "\\`*_[]<>~{}";

    // Characters that only mean something at the start of a line: headings, lists, quotes, setext underlines.
    private const string LineStartEscaped = "#-+=";

    // What makes a value need more than a copy: the escapes above, an entity's '&', an ordered list's '.' or ')'.
    private static readonly SearchValues<char> NeedsEscaping = SearchValues.Create(AlwaysEscaped + "&.)");

    public static string Literal(string? value, int maxLength = DefaultMaxLength)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxLength, 1);
        if (string.IsNullOrEmpty(value)) return string.Empty;
        var text = Truncate(Clean(value), maxLength);
        // Most values (names, emails, our own command words) need no escape: skip the copy. Cards are built on every
        // turn, and this was 2 % of a help turn's CPU.
        if (text.Length == 0 || (!text.AsSpan().ContainsAny(NeedsEscaping) && !LineStartEscaped.Contains(text[0], StringComparison.Ordinal))) return text;
        var escaped = new StringBuilder(text.Length + 16);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (AlwaysEscaped.Contains(c, StringComparison.Ordinal)
                || (i == 0 && LineStartEscaped.Contains(c, StringComparison.Ordinal))
                || (c == '&' && LooksLikeEntity(text, i)))
            {
                escaped.Append('\\');
            }
            else if ((c == '.' || c == ')') && i > 0 && AllDigits(text, i))
            {
                // "1. text" at the start is an ordered list item.
                escaped.Append('\\');
            }
            escaped.Append(c);
        }
        return escaped.ToString();
    }

    /// <summary>Line breaks and tabs become single spaces; control and bidirectional-override characters are dropped
    /// (an RTL override would make "evil.exe" read as "exe.live"); surrounding space is trimmed (four leading spaces
    /// would make a code block).</summary>
    private static string Clean(string value)
    {
        if (IsClean(value)) return value;
        var result = new StringBuilder(value.Length);
        var pendingSpace = false;
        foreach (var c in value)
        {
            if (c is '\r' or '\n' or '\t' || char.GetUnicodeCategory(c) is UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator)
            {
                pendingSpace = true;
                continue;
            }
            if (char.IsControl(c) || IsBidiControl(c)) continue;
            if (pendingSpace && result.Length > 0 && result[^1] != ' ') result.Append(' ');
            pendingSpace = false;
            result.Append(c);
        }
        return result.ToString().Trim();
    }

    /// <summary>Nothing for <see cref="Clean"/> to do: no space at either end and every character kept as it is.</summary>
    private static bool IsClean(string value)
    {
        if (char.IsWhiteSpace(value[0]) || char.IsWhiteSpace(value[^1])) return false;
        foreach (var c in value)
        {
            if (char.IsAscii(c) ? char.IsControl(c) : char.IsControl(c) || IsBidiControl(c) || char.GetUnicodeCategory(c) is UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator)
                return false;
        }
        return true;
    }

    private static bool IsBidiControl(char c) => c is >= '\u202A' and <= '\u202E' or >= '\u2066' and <= '\u2069' or '\u061C';

    /// <summary>Text shown without markdown (button and choice titles), cut to <paramref name="maxLength"/> so a
    /// huge HubSpot value cannot push the card past Teams' 28 KB limit.</summary>
    public static string Capped(string value, int maxLength = ButtonTitleMaxLength)
    {
        ArgumentNullException.ThrowIfNull(value);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxLength, 1);
        return Truncate(value, maxLength);
    }

    /// <summary>Longer than any button Teams shows in full.</summary>
    public const int ButtonTitleMaxLength = 120;

    private static string Truncate(string text, int maxLength)
    {
        if (text.Length <= maxLength) return text;
        var cut = maxLength - 1;
        if (cut > 0 && char.IsHighSurrogate(text[cut - 1])) cut--;
        return text[..cut] + "…";
    }

    private static bool LooksLikeEntity(string text, int ampersand)
    {
        var end = text.IndexOf(';', ampersand + 1);
        if (end < 0 || end - ampersand > 33) return false;
        for (var i = ampersand + 1; i < end; i++)
            if (!char.IsAsciiLetterOrDigit(text[i]) && !(i == ampersand + 1 && text[i] == '#')) return false;
        return end > ampersand + 1;
    }

    private static bool AllDigits(string text, int end)
    {
        for (var i = 0; i < end; i++)
            if (!char.IsAsciiDigit(text[i])) return false;
        return true;
    }
}
