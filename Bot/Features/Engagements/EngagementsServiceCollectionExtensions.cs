using HubSpotTeamsBot.BotFramework.Routing;

namespace HubSpotTeamsBot.Features.Engagements;

public static class EngagementsServiceCollectionExtensions
{
    /// <summary>log note|call|meeting|task, the Log activity form, and the shared acting-owner and record lookups.</summary>
    public static IServiceCollection AddEngagements(this IServiceCollection services)
    {
        services.AddSingleton<RecordResolver>();
        services.AddSingleton<EngagementForm>();
        services.AddSingleton<IBotFeature, EngagementsFeature>();
        return services;
    }
}
