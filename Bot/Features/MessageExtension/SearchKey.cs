using HubSpotTeamsBot.HubSpot;

namespace HubSpotTeamsBot.Features.MessageExtension;

/// <summary>
/// Identifies one HubSpot search answer: identical keys share one call while it runs and one cache entry after.
/// <see cref="Criteria"/> is the normalised text (or a tag such as the recent-ids list), never user-specific; answers
/// are shared inside a tenant, never across tenants. <see cref="Generation"/> moves on when the bot writes a record of
/// this tenant and type (<see cref="SearchWrites"/>), so no answer from before the write is reused.
/// </summary>
public sealed record SearchKey(string TenantId, long PortalId, CrmObjectType Type, string Criteria, int Skip, int Count, long Generation = 0)
{
    /// <summary>Lower case, single spaces: "Ada  LOVElace " and "ada lovelace" are the same question for HubSpot.</summary>
    public static string Normalise(string text) =>
        string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)).ToLowerInvariant();
}
