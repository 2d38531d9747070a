using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace HubSpotTeamsBot.Identity;

public static class IdentityServiceCollectionExtensions
{
    /// <summary>Roles and Graph options (validated at start), the directory client, directory cache, role resolution,
    /// role grants and the authorizer. Needs AddBotStorage for the RoleAssignmentStore.</summary>
    public static IServiceCollection AddBotIdentity(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);

        services.AddOptions<RolesOptions>()
            .Bind(configuration.GetSection(RolesOptions.SectionName))
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<RolesOptions>, RolesOptionsValidator>());

        services.AddOptions<GraphOptions>()
            .Bind(configuration.GetSection(GraphOptions.SectionName))
            .Configure(graph =>
            {
                // The bot's own app registration is the identity that reads the directory.
                graph.TenantId = configuration["Bot:TenantId"];
                graph.ClientId = configuration["Bot:AppId"];
                graph.ClientSecret = configuration["Bot:AppPassword"];
            })
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<GraphOptions>, GraphOptionsValidator>());

        services.AddMemoryCache();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<HomeTenant>();
        services.AddSingleton<DirectoryClient>();
        services.AddSingleton<MembershipCache>();
        services.AddSingleton<RoleResolver>();
        services.AddSingleton<RoleAssignments>();
        services.AddSingleton<Authorizer>();
        return services;
    }
}
