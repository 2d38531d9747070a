using HubSpotTeamsBot.BotFramework.Hosting;

namespace HubSpotTeamsBot.Forms;

public static class FormsServiceCollectionExtensions
{
    /// <summary>The shared form machinery: <see cref="FormWriter"/>, <see cref="RecordLinksProvider"/>, and the mark a
    /// dialog button gets where the host runs it inline (<see cref="FormKeys.OpenInChat"/>).</summary>
    public static IServiceCollection AddForms(this IServiceCollection services)
    {
        services.AddSingleton<FormWriter>();
        services.AddSingleton<SubmissionBookkeeping>();
        services.AddSingleton<RecordLinksProvider>();
        services.AddSingleton(FormKeys.OpenInChat);
        return services;
    }
}
