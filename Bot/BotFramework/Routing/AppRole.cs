namespace HubSpotTeamsBot.BotFramework.Routing;

/// <summary>
/// The bot's own roles; the numeric order is the privilege order, so "highest wins" is a plain max. Declared by the
/// routing layer, because every route names the least role it needs (<see cref="RouteAccess"/>); who holds which role
/// is Identity's business (it implements <see cref="IRouteGuard"/>).
/// </summary>
public enum AppRole
{
    None = 0,
    Viewer = 1,
    Editor = 2,
    Admin = 3,
}
