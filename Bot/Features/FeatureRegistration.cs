using HubSpotTeamsBot.BotFramework.Routing;
using HubSpotTeamsBot.Features.Help;

namespace HubSpotTeamsBot.Features;

public static class FeatureRegistration
{
    /// <summary>Every capability of the bot; each registers its own routes.</summary>
    public static IServiceCollection AddFeatures(this IServiceCollection services)
    {
        services.AddSingleton<IBotFeature, HelpFeature>();
        return services;
    }
}
