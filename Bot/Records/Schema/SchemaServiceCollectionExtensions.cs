using Microsoft.Extensions.DependencyInjection;

namespace HubSpotTeamsBot.Records.Schema;

public static class SchemaServiceCollectionExtensions
{
    /// <summary>Schema-driven forms; the layout store (<see cref="IFormLayoutStore"/>) is registered by the settings feature.</summary>
    public static IServiceCollection AddRecordSchema(this IServiceCollection services)
    {
        services.AddSingleton<RecordSchema>();
        return services;
    }
}
