using System.Globalization;

namespace HubSpotTeamsBot.HubSpot;

/// <summary>HubSpot's CRM search limits, checked before a request is sent (the fuzzing found both as 400s).</summary>
public static class SearchLimits
{
    /// <summary>HubSpot refuses a search query longer than this.</summary>
    public const int MaxQueryLength = 3000;

    /// <summary>The search API pages through at most this many results.</summary>
    public const int MaxResults = 10_000;

    /// <summary>True when a page starting at <paramref name="after"/> lies past the results HubSpot will page to.</summary>
    public static bool IsPastEnd(string? after, int limit) =>
        after is not null && long.TryParse(after, NumberStyles.None, CultureInfo.InvariantCulture, out var offset) && offset + limit > MaxResults;
}

/// <summary>A search text longer than HubSpot accepts; nothing was sent.</summary>
public sealed class SearchTextTooLongException()
    : ArgumentException($"The search text is longer than HubSpot accepts ({SearchLimits.MaxQueryLength} characters).");
