using HubSpotTeamsBot.BotFramework.Routing;

namespace HubSpotTeamsBot.Features.Audit;

public static class AuditServiceCollectionExtensions
{
    /// <summary>audit [n] (admins): the newest changes made through the bot.</summary>
    public static IServiceCollection AddAudit(this IServiceCollection services)
    {
        services.AddSingleton<IBotFeature, AuditFeature>();
        return services;
    }
}
