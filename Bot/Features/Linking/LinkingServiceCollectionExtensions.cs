using HubSpotTeamsBot.BotFramework.Routing;

namespace HubSpotTeamsBot.Features.Linking;

public static class LinkingServiceCollectionExtensions
{
    /// <summary>connect, disconnect and status of the HubSpot portal link, the sign-in state, and the admins' warning when a link breaks.</summary>
    public static IServiceCollection AddLinking(this IServiceCollection services)
    {
        services.AddSingleton<PendingLinkProtector>();
        services.AddSingleton<PortalLinker>();
        services.AddSingleton<HubSpot.IPortalLinkObserver, BrokenLinkNotifier>();
        services.AddSingleton<IBotFeature, PortalLinkFeature>();
        return services;
    }
}
