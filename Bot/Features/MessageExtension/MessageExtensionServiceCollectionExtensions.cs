using HubSpotTeamsBot.BotFramework.Routing;
using HubSpotTeamsBot.HubSpot;

namespace HubSpotTeamsBot.Features.MessageExtension;

public static class MessageExtensionServiceCollectionExtensions
{
    /// <summary>Compose-box search, link unfurling and the Log to HubSpot action; settings in <c>MessageExtension</c>.</summary>
    public static IServiceCollection AddMessageExtension(this IServiceCollection services)
    {
        services.AddOptions<MessageExtensionOptions>().BindConfiguration(MessageExtensionOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddMemoryCache();
        services.AddSingleton<PortalGate>();
        services.AddSingleton<SearchWrites>();
        services.AddSingleton<ICrmWriteObserver>(sp => sp.GetRequiredService<SearchWrites>());
        services.AddSingleton<SeenRecords>();
        services.AddSingleton<RecordSearch>();
        services.AddSingleton<RecentRecords>();
        services.AddSingleton<IBotFeature, ComposeSearchFeature>();
        services.AddSingleton<IBotFeature, LinkUnfurlFeature>();
        services.AddSingleton<IBotFeature, LogToHubSpotFeature>();
        return services;
    }
}
