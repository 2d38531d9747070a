
namespace HubSpotTeamsBot.Features.Common;

/// <summary>Settings under "RecordCards": where cards showing CRM records may be posted.</summary>
public sealed class RecordCardsOptions
{
    public const string SectionName = "RecordCards";

    /// <summary>False: no record card is posted into a channel whose team has guests (or members of other tenants);
    /// people get a sentence saying why and can ask in a personal chat. True (default): posted, marked as visible to the
    /// whole channel.</summary>
    public bool PostInChannelsWithGuests { get; set; } = true;

    /// <summary>How long a team's guest check is remembered.</summary>
    public TimeSpan RosterCacheDuration { get; set; } = TimeSpan.FromMinutes(5);
}
