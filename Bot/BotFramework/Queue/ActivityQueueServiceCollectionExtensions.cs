using Microsoft.Extensions.Options;

namespace HubSpotTeamsBot.BotFramework.Queue;

public static class ActivityQueueServiceCollectionExtensions
{
    /// <summary>The queue chosen by ActivityQueue:Kind and its worker: durable Azure Storage queues, or memory.</summary>
    public static IServiceCollection AddActivityQueue(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ActivityQueueOptions>().Bind(configuration.GetSection(ActivityQueueOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<ActivityQueueOptions>, ActivityQueueOptionsValidator>();
        var kind = configuration.GetSection(ActivityQueueOptions.Section).Get<ActivityQueueOptions>()?.Kind ?? new ActivityQueueOptions().Kind;
        if (kind == ActivityQueueKind.Memory)
        {
            services.AddSingleton<MemoryActivityQueue>();
            services.AddSingleton<IActivityQueue>(sp => sp.GetRequiredService<MemoryActivityQueue>());
            services.AddHostedService<MemoryActivityQueueWorker>();
            return services;
        }

        services.AddSingleton<ActivityPartitions>();
        services.AddSingleton<PartitionSignals>();
        services.AddSingleton<PoisonActivities>();
        services.AddSingleton<DoneMarks>();
        services.AddSingleton<StorageActivityQueue>();
        services.AddSingleton<IActivityQueue>(sp => sp.GetRequiredService<StorageActivityQueue>());
        services.AddHostedService<StorageQueueWorker>();
        return services;
    }
}
