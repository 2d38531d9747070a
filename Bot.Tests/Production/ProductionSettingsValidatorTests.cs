using HubSpotTeamsBot.Production;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Bot.Tests.Production;

/// <summary>
/// What a Production start demands of the settings (each refusal names the setting and how to set it) and L5: a
/// Production process refuses sandbox, stub or plain-http HubSpot and Graph addresses unless the test-only switch is on.
/// </summary>
public sealed class ProductionSettingsValidatorTests
{
    /// <summary>A complete Production configuration, as the template writes it.</summary>
    private static Dictionary<string, string?> Complete() => new()
    {
        ["Bot:PublicBaseUrl"] = "https://contoso-hsbot-bot.azurewebsites.net/",
        ["Roles:BootstrapAdmins:0"] = "5d1b7a3e-6c2f-4e8a-9b0d-1f2e3d4c5b6a",
        ["Storage:TableEndpoint"] = "https://stabc.table.core.windows.net/",
        ["Storage:QueueEndpoint"] = "https://stabc.queue.core.windows.net/",
        ["Storage:BlobEndpoint"] = "https://stabc.blob.core.windows.net/",
        ["HubSpot:ClientId"] = "hubspot-client-id",
        ["HubSpot:ClientSecret"] = "hubspot-client-secret",
        ["HubSpot:RedirectUri"] = "https://contoso-hsbot-bot.azurewebsites.net/auth/hubspot/callback",
    };

    [Fact]
    public void A_complete_production_configuration_passes()
    {
        Assert.Empty(Failures(Complete()));
    }

    [Theory]
    [InlineData("Bot:PublicBaseUrl", "Bot__PublicBaseUrl")]
    [InlineData("Roles:BootstrapAdmins:0", "deploy.ps1 -Admins")]
    [InlineData("Storage:TableEndpoint", "Storage__TableEndpoint")]
    [InlineData("HubSpot:ClientId", "HubSpot__ClientId")]
    [InlineData("HubSpot:ClientSecret", "HubSpot__ClientSecret")]
    [InlineData("HubSpot:RedirectUri", "HubSpot__RedirectUri")]
    public void A_missing_setting_is_named_with_how_to_set_it(string removed, string howToSet)
    {
        var settings = Complete();
        settings.Remove(removed);
        if (removed == "Storage:TableEndpoint")
        {
            settings.Remove("Storage:QueueEndpoint");
            settings.Remove("Storage:BlobEndpoint");
        }

        var failure = Assert.Single(Failures(settings));

        Assert.StartsWith(removed.Replace(":0", "", StringComparison.Ordinal), failure, StringComparison.Ordinal);
        Assert.Contains(howToSet, failure, StringComparison.Ordinal);
    }

    [Fact]
    public void The_storage_emulator_connection_string_is_refused_in_production()
    {
        var settings = Complete();
        settings.Remove("Storage:TableEndpoint");
        settings.Remove("Storage:QueueEndpoint");
        settings.Remove("Storage:BlobEndpoint");
        settings["Storage:ConnectionString"] = "UseDevelopmentStorage=true";

        Assert.Contains(Failures(settings), f => f.StartsWith("Storage:TableEndpoint is not set", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("HubSpot:ApiBaseUrl", "http://127.0.0.1:5199/")]
    [InlineData("HubSpot:ApiBaseUrl", "http://api.hubapi.com")]
    [InlineData("HubSpot:ApiBaseUrl", "https://api.hubapi.com.evil.example/")]
    [InlineData("HubSpot:AuthorizeUrl", "https://sandbox.example/oauth/authorize")]
    [InlineData("HubSpot:AuthorizeUrl", "http://app.hubspot.com/oauth/authorize")]
    [InlineData("Graph:BaseUrl", "http://127.0.0.1:5299/v1.0")]
    [InlineData("Graph:BaseUrl", "https://graph.microsoft.com.evil.example/v1.0")]
    public void L5_production_refuses_non_hubspot_or_graph_hosts_and_plain_http(string setting, string value)
    {
        var settings = Complete();
        settings[setting] = value;

        var failure = Assert.Single(Failures(settings));

        Assert.StartsWith(setting, failure, StringComparison.Ordinal);
        Assert.Contains(value, failure, StringComparison.Ordinal);
        // The test-only switch (never written by the template) lets the production-settings journey use stand-ins.
        settings["Production:AllowTestEndpoints"] = "true";
        Assert.Empty(Failures(settings));
    }

    /// <summary>L5's attack list: every address an attacker or a copied test config could slip into a Production app.</summary>
    private static readonly (string Setting, string Value)[] HostileEndpoints =
    [
        ("HubSpot:ApiBaseUrl", "http://127.0.0.1:5199/"), ("HubSpot:ApiBaseUrl", "http://api.hubapi.com"),
        ("HubSpot:ApiBaseUrl", "https://api.hubapi.com.evil.example/"), ("HubSpot:ApiBaseUrl", "https://evilhubapi.com/"),
        ("HubSpot:ApiBaseUrl", "https://localhost/"), ("HubSpot:ApiBaseUrl", "ftp://api.hubapi.com/"),
        ("HubSpot:AuthorizeUrl", "https://sandbox.example/oauth/authorize"), ("HubSpot:AuthorizeUrl", "http://app.hubspot.com/oauth/authorize"),
        ("HubSpot:AuthorizeUrl", "https://app.hubspot.com@evil.example/oauth/authorize"), ("Graph:BaseUrl", "http://127.0.0.1:5299/v1.0"),
        ("Graph:BaseUrl", "https://graph.microsoft.com.evil.example/v1.0"), ("Graph:BaseUrl", "http://graph.microsoft.com/v1.0"),
    ];

    [Fact]
    public void L5_every_hostile_endpoint_is_refused_in_production_and_the_summary_says_so()
    {
        var refused = 0;
        foreach (var (setting, value) in HostileEndpoints)
        {
            var settings = Complete();
            settings[setting] = value;
            if (Failures(settings).Any(f => f.StartsWith(setting, StringComparison.Ordinal))) refused++;
        }

        Bot.Tests.Reliability.ReliabilitySummary.Record("security: L5 production endpoints", HostileEndpoints.Length, refused, HostileEndpoints.Length - refused,
            $"{HostileEndpoints.Length - refused} accepted; publish output without Development settings (PublishOutputTests)");
        Assert.Equal(HostileEndpoints.Length, refused);
    }

    [Theory]
    [InlineData("https://api.hubapi.com", "https://app.hubspot.com/oauth/authorize", "https://graph.microsoft.com/v1.0")]
    [InlineData("https://api-eu1.hubapi.com/", "https://app-eu1.hubspot.com/oauth/authorize", "https://graph.microsoft.us/v1.0")]
    public void Real_hubspot_and_graph_addresses_pass(string api, string authorize, string graph)
    {
        var settings = Complete();
        settings["HubSpot:ApiBaseUrl"] = api;
        settings["HubSpot:AuthorizeUrl"] = authorize;
        settings["Graph:BaseUrl"] = graph;

        Assert.Empty(Failures(settings));
    }

    [Fact]
    public void Other_environments_are_not_held_to_production_rules()
    {
        Assert.Empty(Failures(new Dictionary<string, string?> { ["HubSpot:ApiBaseUrl"] = "http://127.0.0.1:5199/" }, Environments.Development));
    }

    private static List<string> Failures(Dictionary<string, string?> settings, string environment = "Production")
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IHostEnvironment>(new HostEnvironmentStub { EnvironmentName = environment });
        services.AddProductionChecks(configuration);
        using var provider = services.BuildServiceProvider();
        try
        {
            _ = provider.GetRequiredService<IOptions<ProductionOptions>>().Value;
            return [];
        }
        catch (OptionsValidationException e)
        {
            return e.Failures.ToList();
        }
    }

    private sealed class HostEnvironmentStub : IHostEnvironment
    {
        public string EnvironmentName { get; set; } = Environments.Production;
        public string ApplicationName { get; set; } = "HubSpotTeamsBot";
        public string ContentRootPath { get; set; } = AppContext.BaseDirectory;
        public Microsoft.Extensions.FileProviders.IFileProvider ContentRootFileProvider { get; set; } = new Microsoft.Extensions.FileProviders.NullFileProvider();
    }
}
