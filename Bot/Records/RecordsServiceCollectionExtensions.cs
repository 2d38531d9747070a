namespace HubSpotTeamsBot.Records;

public static class RecordsServiceCollectionExtensions
{
    /// <summary>The record layer every feature shares: resolving what people type into records, and their labels.</summary>
    public static IServiceCollection AddRecords(this IServiceCollection services)
    {
        services.AddSingleton<RecordResolver>();
        services.AddSingleton<RecordLabels>();
        services.AddSingleton<OwnerPicker>();
        services.AddSingleton<RecordCardFields>();
        return services;
    }
}
