using HubSpotTeamsBot.HubSpot;

namespace HubSpotTeamsBot.Features.MessageExtension;

/// <summary>
/// Identifies one HubSpot search answer: identical keys share one call while it runs and one cache entry after.
/// <see cref="Criteria"/> is the normalised text (or a tag such as the recent-ids list), never user-specific.
/// </summary>
public sealed record SearchKey(long PortalId, CrmObjectType Type, string Criteria, int Skip, int Count)
{
    /// <summary>Lower case, single spaces: "Ada  LOVElace " and "ada lovelace" are the same question for HubSpot.</summary>
    public static string Normalise(string text) =>
        string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)).ToLowerInvariant();
}
