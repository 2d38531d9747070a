using Azure.Storage.Queues;
using HubSpotTeamsBot.Storage;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace HubSpotTeamsBot.Webhooks;

public static class WebhooksServiceCollectionExtensions
{
    /// <summary>
    /// HubSpot webhooks in: options ("Webhooks"), the queue and its start-up creation, the event log and its purge, the portal lookup,
    /// delivery-health figures and the worker. The worker hands events to the <see cref="IHubSpotEventHandler"/> a
    /// feature registers; none registered, batches wait in the queue.
    /// </summary>
    public static IServiceCollection AddHubSpotWebhooks(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<WebhookOptions>().Bind(configuration.GetSection(WebhookOptions.Section)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<WebhookOptions>, WebhookOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(sp => new WebhookInbox(sp.GetRequiredService<QueueServiceClient>(), sp.GetRequiredService<IOptions<StorageOptions>>(),
            sp.GetRequiredService<IOptions<WebhookOptions>>(), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(sp => new WebhookPortals(sp.GetRequiredService<PortalLinkStore>(), sp.GetRequiredService<IOptions<StorageOptions>>(), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(sp => new WebhookEventLog(sp.GetRequiredService<StorageTables>(), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(sp => new WebhookPoison(sp.GetRequiredService<PoisonLog>(), sp.GetRequiredService<ILogger<WebhookPoison>>()));
        services.AddSingleton<WebhookReceipts>();
        services.AddHostedService<WebhookQueueSetup>();
        services.AddHostedService<WebhookWorker>();
        services.AddSingleton<WebhookEventPurge>();
        services.AddHostedService(sp => sp.GetRequiredService<WebhookEventPurge>());
        return services;
    }
}
