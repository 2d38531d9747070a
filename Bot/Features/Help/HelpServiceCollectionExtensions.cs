using HubSpotTeamsBot.BotFramework.Routing;

namespace HubSpotTeamsBot.Features.Help;

public static class HelpServiceCollectionExtensions
{
    /// <summary>help, and the answer to anything the bot does not recognise.</summary>
    public static IServiceCollection AddHelp(this IServiceCollection services)
    {
        services.AddSingleton<IBotFeature, HelpFeature>();
        return services;
    }
}
