using Bot.Tests.Harness;
using HubSpotTeamsBot.HubSpot;
using HubSpotTeamsBot.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Bot.Tests.HubSpot;

/// <summary>The bot's storage and HubSpot registrations exactly as Program.cs makes them, pointed at test servers.</summary>
internal static class HubSpotServices
{
    public const string ClientId = "sandbox-client-id";
    public const string ClientSecret = "sandbox-client-secret";

    public static ServiceProvider Build(
        AzuriteFixture azurite,
        Uri apiBaseUrl,
        IDictionary<string, string?>? settings = null,
        ILoggerProvider? logs = null,
        TimeProvider? time = null)
    {
        var values = new Dictionary<string, string?>
        {
            ["Storage:ConnectionString"] = azurite.ConnectionString,
            ["HubSpot:ApiBaseUrl"] = apiBaseUrl.ToString(),
            ["HubSpot:AuthorizeUrl"] = new Uri(apiBaseUrl, "/oauth/authorize").ToString(),
            ["HubSpot:ClientId"] = ClientId,
            ["HubSpot:ClientSecret"] = ClientSecret,
            ["HubSpot:RedirectUri"] = "http://127.0.0.1/oauth/callback",
            ["HubSpot:RetryBaseDelay"] = "00:00:00.020",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            values[key] = value;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        var services = new ServiceCollection();
        services.AddLogging(logging =>
        {
            logging.SetMinimumLevel(LogLevel.Trace);
            logging.AddProvider(SuiteLogs.Recorder);
            if (logs is not null)
            {
                logging.AddProvider(logs);
            }
        });
        if (time is not null)
        {
            services.AddSingleton(time);
        }

        services.AddBotStorage(configuration);
        services.AddHubSpot(configuration);
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }

    public static PortalLink Link(string tenantId, long portalId, string accessToken, string refreshToken, DateTimeOffset expiresAt, PortalLinkState state = PortalLinkState.Linked) => new()
    {
        TenantId = tenantId,
        PortalId = portalId,
        HubDomain = "sandbox.example.com",
        LinkedByAadObjectId = "admin-" + tenantId,
        LinkedAt = DateTimeOffset.UtcNow,
        State = state,
        AccessToken = accessToken,
        RefreshToken = refreshToken,
        AccessTokenExpiresAt = expiresAt,
    };

    public static string NewTenantId() => Guid.NewGuid().ToString();
}
