using System.Globalization;
using System.Text.Json.Nodes;

namespace HubSpotTeamsBot.Cards;

/// <summary>
/// Dates and times on a card, shown in each reader's own locale and time zone: the card carries Adaptive Cards'
/// <c>{{DATE(…)}}</c> / <c>{{TIME(…)}}</c> functions, which Teams formats on the reader's device (so a card posted to a
/// channel reads "15/06/2026" in London and "6/15/2026" in Seattle), never a raw ISO string or epoch number. The bot
/// cannot format locales itself (it runs with invariant globalization), and one card can have many readers.
/// A function is only ever written from a moment the bot parsed, never from HubSpot's text, so no value can form one.
/// </summary>
public static class CardDates
{
    /// <summary>The reader's short date. A moment at exactly midnight UTC is a calendar day (the deal form stores close
    /// dates so): it is shown from noon UTC, the same day in every time zone from UTC−11 to UTC+11, rather than the
    /// day before in the Americas.</summary>
    public static string Date(DateTimeOffset at)
    {
        var day = at.ToUniversalTime();
        if (day.TimeOfDay == TimeSpan.Zero) day = day.AddHours(12);
        return $"{{{{DATE({Iso(day)}, SHORT)}}}}";
    }

    /// <summary>The reader's short date and time.</summary>
    public static string Moment(DateTimeOffset at) => $"{{{{DATE({Iso(at)}, SHORT)}}}} {{{{TIME({Iso(at)})}}}}";

    /// <summary>A HubSpot date or datetime: ISO text, a calendar day (YYYY-MM-DD) or epoch milliseconds.</summary>
    public static DateTimeOffset? Parse(string? stored)
    {
        if (string.IsNullOrWhiteSpace(stored)) return null;
        if (long.TryParse(stored, NumberStyles.Integer, CultureInfo.InvariantCulture, out var ms))
            return ms is >= -62_135_596_800_000 and <= 253_402_300_799_999 ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : null;
        return DateTimeOffset.TryParse(stored, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) ? at.ToUniversalTime() : null;
    }

    /// <summary>The fact titled <paramref name="title"/> (added with the stored value, shown literally) becomes the
    /// reader's date when the value is one; otherwise it stays as it was.</summary>
    public static JsonObject WithDate(this JsonObject factSet, string title, string? stored) => Replace(factSet, title, Parse(stored) is { } at ? Date(at) : null);

    /// <summary>As <see cref="WithDate"/>, with the time.</summary>
    public static JsonObject WithMoment(this JsonObject factSet, string title, string? stored) => Replace(factSet, title, Parse(stored) is { } at ? Moment(at) : null);

    private static JsonObject Replace(JsonObject factSet, string title, string? formatted)
    {
        ArgumentNullException.ThrowIfNull(factSet);
        if (formatted is null || factSet["facts"] is not JsonArray facts) return factSet;
        foreach (var fact in facts.OfType<JsonObject>())
            if (fact["title"] is JsonValue t && t.TryGetValue<string>(out var s) && s == title) fact["value"] = formatted;
        return factSet;
    }

    private static string Iso(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
