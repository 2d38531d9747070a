using HubSpotTeamsBot.BotFramework.Routing;

namespace HubSpotTeamsBot.Features.Deals;

public static class DealsServiceCollectionExtensions
{
    /// <summary>new deal, update deal, Move stage and the contact typeahead.</summary>
    public static IServiceCollection AddDeals(this IServiceCollection services)
    {
        services.AddSingleton<DealRecords>();
        services.AddSingleton<DealPeople>();
        services.AddSingleton<ContactSearch>();
        services.AddSingleton<DealCreateForm>();
        services.AddSingleton<DealUpdateForm>();
        services.AddSingleton<DealMoveStageForm>();
        services.AddSingleton<IBotFeature, DealsFeature>();
        return services;
    }
}
