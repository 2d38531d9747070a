namespace HubSpotTeamsBot.Features.Common;

/// <summary>
/// Verbs of the portal link that other features' cards offer (the welcome card's Connect button); the linking
/// feature registers the route. Kept here so a feature offering the button need not know the linking feature.
/// </summary>
public static class PortalVerbs
{
    public const string Connect = "portal.connect";
}
