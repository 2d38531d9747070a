using HubSpotTeamsBot.Identity;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Bot.Tests.Identity;

/// <summary>The bot's host refuses to start with bad identity settings and names the setting.</summary>
public sealed class IdentityOptionsValidationTests
{
    private static readonly Dictionary<string, string?> Valid = new()
    {
        ["Bot:TenantId"] = "11111111-1111-1111-1111-111111111111",
        ["Bot:AppId"] = "22222222-2222-2222-2222-222222222222",
        ["Bot:AppPassword"] = "not-a-real-secret",
    };

    [Fact]
    public async Task A_production_host_with_the_app_credentials_starts()
    {
        using var host = BuildHost(Environments.Production, Valid);

        await host.StartAsync();
        var graph = host.Services.GetRequiredService<IOptions<GraphOptions>>().Value;
        await host.StopAsync();

        Assert.Equal(new Uri("https://graph.microsoft.com/v1.0"), graph.BaseUrl);
        Assert.Equal("22222222-2222-2222-2222-222222222222", graph.ClientId);
    }

    [Fact]
    public async Task The_anonymous_Graph_switch_stops_a_production_host()
    {
        using var host = BuildHost(Environments.Production, new Dictionary<string, string?>(Valid)
        {
            ["Graph:UseAnonymousAuthForTesting"] = "true",
            ["Graph:BaseUrl"] = "http://127.0.0.1:1/v1.0",
        });

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains("Graph:UseAnonymousAuthForTesting is only allowed in the Development and Testing environments.", error.Failures);
    }

    [Fact]
    public async Task Missing_credentials_and_plain_http_are_named()
    {
        using var host = BuildHost(Environments.Production, new Dictionary<string, string?> { ["Graph:BaseUrl"] = "http://graph.example/v1.0" });

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains(error.Failures, f => f.StartsWith("Graph:BaseUrl must use https", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.StartsWith("Bot:AppPassword is required", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.StartsWith("Bot:TenantId is required", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Bad_role_settings_are_named()
    {
        using var host = BuildHost(Environments.Production, new Dictionary<string, string?>(Valid)
        {
            ["Roles:BootstrapAdmins:0"] = "megan@contoso.test",
            ["Roles:AdminDirectoryRoles:0"] = "Helpdesk Hero",
            ["Roles:MembershipCacheDuration"] = "00:00:00",
        });

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains(error.Failures, f => f.StartsWith("Roles:BootstrapAdmins:0 must be an Entra object id", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.StartsWith("Roles:AdminDirectoryRoles:0 must be a role template id", StringComparison.Ordinal));
        Assert.Contains("Roles:MembershipCacheDuration must be greater than zero and at most one day.", error.Failures);
    }

    [Fact]
    public async Task Managed_identity_needs_no_app_password()
    {
        using var host = BuildHost(Environments.Production, new Dictionary<string, string?> { ["Graph:UseManagedIdentity"] = "true" });

        await host.StartAsync();
        await host.StopAsync();

        Assert.True(host.Services.GetRequiredService<IOptions<GraphOptions>>().Value.UseManagedIdentity);
    }

    private static IHost BuildHost(string environment, Dictionary<string, string?> settings)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            EnvironmentName = environment,
            DisableDefaults = true,
        });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Services.AddBotIdentity(builder.Configuration);
        return builder.Build();
    }
}
