using HubSpotTeamsBot.BotFramework.Routing;

namespace HubSpotTeamsBot.Features.Roles;

public static class RolesServiceCollectionExtensions
{
    /// <summary>roles, role grant, role revoke, and whoami.</summary>
    public static IServiceCollection AddRoles(this IServiceCollection services)
    {
        services.AddSingleton<RoleTarget>();
        services.AddSingleton<IBotFeature, RolesFeature>();
        services.AddSingleton<IBotFeature, WhoAmIFeature>();
        return services;
    }
}
