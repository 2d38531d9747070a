using HubSpotTeamsBot.HubSpot;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Bot.Tests.HubSpot;

/// <summary>The real AddHubSpot registration with a scripted primary handler in place of the network.</summary>
internal sealed class HubSpotClientUnitHost : IDisposable
{
    private readonly ServiceProvider _services;

    public HubSpotClientUnitHost(ScriptedHttpHandler handler, IDictionary<string, string?>? settings = null)
    {
        var values = new Dictionary<string, string?>
        {
            ["HubSpot:ApiBaseUrl"] = "http://127.0.0.1:9/",
            ["HubSpot:ClientId"] = "client-id-1",
            ["HubSpot:ClientSecret"] = "client-secret-do-not-leak",
            ["HubSpot:RedirectUri"] = "https://bot.example/oauth/callback",
            ["HubSpot:RetryBaseDelay"] = "00:00:00.010",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            values[key] = value;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        var services = new ServiceCollection().AddLogging();
        services.AddHubSpot(configuration);
        services.AddHttpClient("HubSpot").ConfigurePrimaryHttpMessageHandler(() => handler);
        _services = services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true });
    }

    public HubSpotOAuthClient OAuth => _services.GetRequiredService<HubSpotOAuthClient>();

    public T Get<T>()
        where T : notnull => _services.GetRequiredService<T>();

    public void Dispose() => _services.Dispose();
}
