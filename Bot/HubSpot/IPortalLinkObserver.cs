using HubSpotTeamsBot.Storage;

namespace HubSpotTeamsBot.HubSpot;

/// <summary>
/// Told when HubSpot refuses a portal's refresh token and the link is recorded as broken — once per break, by the
/// call that recorded it. This is how the Teams side warns admins without the HubSpot layer knowing about Teams.
/// </summary>
public interface IPortalLinkObserver
{
    Task LinkBrokenAsync(PortalLink link, CancellationToken ct);
}
