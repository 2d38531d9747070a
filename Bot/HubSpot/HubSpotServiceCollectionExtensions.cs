using HubSpotTeamsBot.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using HubSpotTeamsBot.Telemetry;
using Polly;

namespace HubSpotTeamsBot.HubSpot;

public static class HubSpotServiceCollectionExtensions
{
    /// <summary>
    /// Binds and validates the HubSpot section and registers the OAuth client, CRM client, token provider, per-portal
    /// rate limiter and metadata cache. Needs the storage registrations (PortalLinkStore) for the token provider.
    /// </summary>
    public static IServiceCollection AddHubSpot(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<HubSpotOptions>().Bind(configuration.GetSection(HubSpotOptions.SectionName)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<HubSpotOptions>, HubSpotOptionsValidator>());
        services.AddMemoryCache();
        services.TryAddSingleton(TimeProvider.System);

        services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<HubSpotOptions>>();
            // Without the storage registrations (HTTP-level unit hosts) there is nothing to share the budget through.
            var shared = options.Value.SharedRateLimits && sp.GetService<StorageTables>() is { } tables
                ? new SharedRateBudget(tables, options, sp.GetRequiredService<ILogger<SharedRateBudget>>())
                : null;
            return new PortalRateLimiter(options, shared);
        });
        services.AddTransient<PortalRateLimitHandler>();
        services.AddSingleton<HubSpotMetadataCache>();
        services.AddSingleton<HubSpotHttp>();
        services.AddSingleton(sp => new HubSpotOAuthClient(sp.GetRequiredService<HubSpotHttp>(), sp.GetRequiredService<IOptions<HubSpotOptions>>()));
        services.AddSingleton(sp => new PortalRefreshLease(sp.GetRequiredService<StorageTables>()));
        services.AddSingleton<PortalTokenProvider>();
        services.AddSingleton(sp => new HubSpotCrmClient(
            sp.GetRequiredService<HubSpotHttp>(),
            sp.GetRequiredService<PortalTokenProvider>(),
            sp.GetRequiredService<HubSpotMetadataCache>(),
            sp.GetRequiredService<IOptions<HubSpotOptions>>(),
            sp.GetServices<ICrmWriteObserver>()));

        services.AddHttpClient(HubSpotHttp.ClientName, (sp, client) =>
            {
                client.BaseAddress = sp.GetRequiredService<IOptions<HubSpotOptions>>().Value.ApiBaseUri;
                // The resilience pipeline owns time limits.
                client.Timeout = Timeout.InfiniteTimeSpan;
                AppUserAgent.Apply(client.DefaultRequestHeaders);
            })
            // Above the resilience handler: one span and count per call, retries summed into it.
            .AddHttpMessageHandler(() => new HubSpotCallTelemetry())
            .AddResilienceHandler("hubspot", (pipeline, context) =>
            {
                var options = context.ServiceProvider.GetRequiredService<IOptions<HubSpotOptions>>().Value;
                pipeline.AddTimeout(options.CallTimeout);
                if (options.MaxRetryAttempts > 0)
                {
                    pipeline.AddRetry(new HttpRetryStrategyOptions
                    {
                        ShouldRetryAfterHeader = false,
                        MaxRetryAttempts = options.MaxRetryAttempts,
                        BackoffType = DelayBackoffType.Exponential,
                        UseJitter = true,
                        Delay = options.RetryBaseDelay,
                        ShouldHandle = args => HubSpotRetryRules.ShouldRetryAsync(args, options),
                        DelayGenerator = HubSpotRetryRules.DelayAsync,
                    });
                }

                pipeline.AddTimeout(options.AttemptTimeout);
            })
            .Services
            .AddHttpClient(HubSpotHttp.ClientName)
            // Below the resilience handler: every attempt, retries included, takes a slot.
            .AddHttpMessageHandler<PortalRateLimitHandler>();

        return services;
    }
}
