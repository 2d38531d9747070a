namespace HubSpotTeamsBot.Storage;

public enum PortalLinkState
{
    Pending,
    Linked,
    Broken,
}
