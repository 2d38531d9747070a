using HubSpotTeamsBot.BotFramework.Routing;

namespace HubSpotTeamsBot.Features.Engagements;

public static class EngagementsServiceCollectionExtensions
{
    /// <summary>log note|call|meeting|task and the Log activity form.</summary>
    public static IServiceCollection AddEngagements(this IServiceCollection services)
    {
        services.AddSingleton<EngagementForm>();
        services.AddSingleton<IBotFeature, EngagementsFeature>();
        return services;
    }
}
