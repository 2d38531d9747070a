using HubSpotTeamsBot.BotFramework.Routing;
using HubSpotTeamsBot.Storage;

namespace HubSpotTeamsBot.Features.Notifications;

public static class RecordRefreshServiceCollectionExtensions
{
    /// <summary>
    /// Record cards that stay current: their refresh route, the observer that remembers where they were posted (and
    /// names the refresh audience in large conversations), and the updater the webhook handler calls.
    /// </summary>
    public static IServiceCollection AddRecordCardRefresh(this IServiceCollection services)
    {
        services.AddSingleton(sp => new RecordCardPlaces(sp.GetRequiredService<StorageTables>(), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<ConversationSize>();
        services.AddSingleton<RecordCardRenderer>();
        services.AddSingleton<RecordCardObserver>();
        services.AddSingleton<IOutgoingMessageObserver>(sp => sp.GetRequiredService<RecordCardObserver>());
        services.AddSingleton<RecordCardUpdater>();
        services.AddSingleton<IBotFeature, RecordRefreshFeature>();
        return services;
    }
}
