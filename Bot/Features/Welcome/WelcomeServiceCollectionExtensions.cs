using HubSpotTeamsBot.BotFramework.Routing;

namespace HubSpotTeamsBot.Features.Welcome;

public static class WelcomeServiceCollectionExtensions
{
    /// <summary>The welcome card when the bot is installed or someone joins.</summary>
    public static IServiceCollection AddWelcome(this IServiceCollection services)
    {
        services.AddSingleton<IBotFeature, WelcomeFeature>();
        return services;
    }
}
