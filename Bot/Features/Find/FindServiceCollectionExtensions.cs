using HubSpotTeamsBot.BotFramework.Routing;

namespace HubSpotTeamsBot.Features.Find;

public static class FindServiceCollectionExtensions
{
    /// <summary>find &lt;text&gt;: contacts and deals matching the typed words, as one list.</summary>
    public static IServiceCollection AddFind(this IServiceCollection services)
    {
        services.AddSingleton<IBotFeature, FindFeature>();
        return services;
    }
}
