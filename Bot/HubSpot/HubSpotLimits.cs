using System.Globalization;

namespace HubSpotTeamsBot.HubSpot;

/// <summary>
/// HubSpot's documented limits on what a property holds (docs/hubspot-limits.md): a string property, the note body
/// included, keeps at most 65,536 characters; HubSpot refuses a longer value (INVALID_LENGTH) rather than cut it.
/// Forms say these limits next to the field and refuse a value over them, keeping what was typed.
/// </summary>
public static class HubSpotLimits
{
    /// <summary>Characters a string property (and <c>hs_note_body</c>, as stored, HTML included) can hold.</summary>
    public const int MaxStringLength = 65_536;

    /// <summary>"65,536": the limit as people read it.</summary>
    public static string Said(int limit) => limit.ToString("N0", CultureInfo.InvariantCulture);

    /// <summary>The sentence for a text over the limit, with how much to cut.</summary>
    public static string TooLong(string what, int length, int limit = MaxStringLength) =>
        $"HubSpot keeps at most {Said(limit)} characters in {what}; this is {Said(length)}. Shorten it by {Said(length - limit)} characters — nothing was cut.";
}
