namespace HubSpotTeamsBot.Forms;

public static class FormsServiceCollectionExtensions
{
    /// <summary>The shared form machinery: <see cref="FormWriter"/> and <see cref="RecordLinksProvider"/>.</summary>
    public static IServiceCollection AddForms(this IServiceCollection services)
    {
        services.AddSingleton<FormWriter>();
        services.AddSingleton<SubmissionBookkeeping>();
        services.AddSingleton<RecordLinksProvider>();
        return services;
    }
}
