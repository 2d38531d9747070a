using HubSpotTeamsBot.BotFramework.Routing;

namespace HubSpotTeamsBot.Features.Contacts;

public static class ContactsServiceCollectionExtensions
{
    public static IServiceCollection AddContacts(this IServiceCollection services)
    {
        services.AddSingleton<ContactFormSource>();
        services.AddSingleton<IBotFeature, ContactsFeature>();
        return services;
    }
}
