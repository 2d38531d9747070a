using HubSpotTeamsBot.BotFramework.Routing;
using HubSpotTeamsBot.Features.Audit;
using HubSpotTeamsBot.Features.Common;
using HubSpotTeamsBot.Features.Contacts;
using HubSpotTeamsBot.Features.Conversations;
using HubSpotTeamsBot.Features.Deals;
using HubSpotTeamsBot.Features.Engagements;
using HubSpotTeamsBot.Features.Find;
using HubSpotTeamsBot.Forms;
using HubSpotTeamsBot.Features.Help;
using HubSpotTeamsBot.Features.Linking;
using HubSpotTeamsBot.Features.MessageExtension;
using HubSpotTeamsBot.Features.Notifications;
using HubSpotTeamsBot.Features.Roles;
using HubSpotTeamsBot.Features.Settings;
using HubSpotTeamsBot.Features.Welcome;
using HubSpotTeamsBot.Records;

namespace HubSpotTeamsBot.Features;

public static class FeatureRegistration
{
    /// <summary>Every capability of the bot; each registers its own routes. Middleware runs in this order.</summary>
    public static IServiceCollection AddFeatures(this IServiceCollection services)
    {
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<AuditTrail>();
        services.AddSingleton<AccessGuard>();
        services.AddSingleton<IRouteGuard, RouteGuard>();
        // Needs storage as well as the directory, so it is registered with the app's features.
        services.AddSingleton<Identity.StaleGrantSweeper>();
        services.AddHostedService(sp => sp.GetRequiredService<Identity.StaleGrantSweeper>());
        services.AddSingleton<ActingOwner>();
        services.AddChannelAudience();
        services.AddRecords();
        services.AddForms();

        services.AddConversations();
        services.AddSingleton<IBotFeature, FailureMessages>();
        services.AddLinking();
        services.AddRoles();
        services.AddAudit();
        services.AddWelcome();
        services.AddHelp();
        services.AddContacts();
        services.AddFind();
        services.AddMessageExtension();
        services.AddEngagements();
        services.AddDeals();
        services.AddNotifications();
        services.AddSettings();
        return services;
    }
}
