namespace HubSpotTeamsBot.Identity;

/// <summary>The bot's own roles; the numeric order is the privilege order, so "highest wins" is a plain max.</summary>
public enum AppRole
{
    None = 0,
    Viewer = 1,
    Editor = 2,
    Admin = 3,
}
