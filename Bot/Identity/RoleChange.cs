using HubSpotTeamsBot.BotFramework.Routing;
namespace HubSpotTeamsBot.Identity;

/// <summary>The outcome of a grant or revoke, for the caller's reply and audit entry. Null roles mean "no stored
/// grant". <see cref="StillConfiguredAdmin"/> tells that the principal stays Admin through Roles:BootstrapAdmins.</summary>
public sealed record RoleChange(Principal Principal, AppRole? Previous, AppRole? Current, bool StillConfiguredAdmin)
{
    public bool Changed => Previous != Current;
}
