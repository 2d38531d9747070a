using HubSpotTeamsBot.BotFramework.Routing;
using HubSpotTeamsBot.Records.Schema;

namespace HubSpotTeamsBot.Features.Settings;

public static class SettingsServiceCollectionExtensions
{
    /// <summary><c>settings forms</c>, the table that keeps the admins' choice, and the schema the forms read it through.</summary>
    public static IServiceCollection AddSettings(this IServiceCollection services)
    {
        services.AddSingleton<IFormLayoutStore, FormLayoutTable>();
        services.AddRecordSchema();
        services.AddSingleton<IBotFeature, FormSettingsFeature>();
        return services;
    }
}
