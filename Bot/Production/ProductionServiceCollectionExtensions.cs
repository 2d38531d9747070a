using Microsoft.Extensions.Options;

namespace HubSpotTeamsBot.Production;

public static class ProductionServiceCollectionExtensions
{
    /// <summary>Registers the start-time checks that only the Production environment runs (see <see cref="ProductionSettingsValidator"/>).</summary>
    public static IServiceCollection AddProductionChecks(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ProductionOptions>().Bind(configuration.GetSection(ProductionOptions.SectionName)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<ProductionOptions>>(sp =>
            new ProductionSettingsValidator(sp.GetRequiredService<IHostEnvironment>(), configuration));
        return services;
    }
}
