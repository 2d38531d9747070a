using HubSpotTeamsBot.BotFramework.Routing;
using HubSpotTeamsBot.Features.Common;
using HubSpotTeamsBot.Storage;
using HubSpotTeamsBot.Webhooks;
using Microsoft.Extensions.Options;

namespace HubSpotTeamsBot.Features.Notifications;

public static class NotificationsServiceCollectionExtensions
{
    /// <summary>Subscriptions from Teams, the webhook event handler that turns HubSpot changes into paced cards, and the status section.</summary>
    public static IServiceCollection AddNotifications(this IServiceCollection services)
    {
        services.AddOptions<NotificationOptions>().BindConfiguration(NotificationOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<NotificationOptions>, NotificationOptionsValidator>();
        services.AddSingleton(sp => new NotificationSubscriptionStore(sp.GetRequiredService<StorageTables>()));
        services.AddSingleton(sp => new DeliveryLedger(sp.GetRequiredService<StorageTables>()));
        services.AddSingleton<ConversationPacer>();
        services.AddSingleton<CardDelivery>();
        services.AddSingleton<AdminAlerts>();
        services.AddSingleton<IHubSpotEventHandler, NotificationEventHandler>();
        services.AddSingleton<IStatusSection, NotificationStatus>();
        services.AddSingleton<IBotFeature, NotificationsFeature>();
        services.AddRecordCardRefresh();
        return services;
    }
}
