using HubSpotTeamsBot.BotFramework.Routing;
using HubSpotTeamsBot.Features.Conversations;
using HubSpotTeamsBot.Features.Audit;
using HubSpotTeamsBot.Features.Help;
using HubSpotTeamsBot.Features.PortalLink;
using HubSpotTeamsBot.Features.Roles;
using HubSpotTeamsBot.Features.Welcome;
using HubSpotTeamsBot.Features.Common;

namespace HubSpotTeamsBot.Features;

public static class FeatureRegistration
{
    /// <summary>Every capability of the bot; each registers its own routes. Middleware runs in this order.</summary>
    public static IServiceCollection AddFeatures(this IServiceCollection services)
    {
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<AuditTrail>();
        services.AddSingleton<AccessGuard>();

        services.AddSingleton<IBotFeature, ConversationRecorder>();
        services.AddSingleton<IBotFeature, FailureMessages>();
        services.AddSingleton<PendingLinkProtector>();
        services.AddSingleton<PortalLinker>();
        services.AddSingleton<IBotFeature, PortalLinkFeature>();
        services.AddSingleton<RoleTarget>();
        services.AddSingleton<IBotFeature, RolesFeature>();
        services.AddSingleton<IBotFeature, WhoAmIFeature>();
        services.AddSingleton<IBotFeature, AuditFeature>();
        services.AddSingleton<IBotFeature, WelcomeFeature>();
        services.AddSingleton<IBotFeature, HelpFeature>();
        return services;
    }
}
