using HubSpotTeamsBot.HubSpot;

namespace HubSpotTeamsBot.Features.MessageExtension;

/// <summary>A search answer, or the news that HubSpot could not answer within the wait (slow or rate limited).</summary>
public sealed record SearchOutcome(CrmSearchPage? Page, bool FromCache)
{
    public static readonly SearchOutcome StillSearching = new(null, false);

    public bool Answered => Page is not null;
}
