using Bot.Tests.Harness;
using HubSpotTeamsBot.HubSpot;
using Microsoft.Extensions.DependencyInjection;

namespace Bot.Tests.HubSpot;

/// <summary>Retries and limits as HubSpot (the sandbox) sees them: 429 bursts, injected 5xx, enforced rate limits.</summary>
[Collection(AzuriteCollectionDefinition.Name)]
public sealed class HubSpotResilienceSandboxTests(AzuriteFixture azurite)
{
    private static string NewEmail() => $"r{Guid.NewGuid():N}@example.com";

    private async Task<(SandboxHost Host, ServiceProvider Services, LinkedTenant Tenant)> StartAsync(
        IReadOnlyDictionary<string, string?>? sandboxSettings = null, IDictionary<string, string?>? clientSettings = null)
    {
        var host = SandboxHost.Start(sandboxSettings);
        var services = HubSpotServices.Build(azurite, host.BaseUrl, clientSettings);
        var tenant = await new SandboxPortal(host).LinkNewTenantAsync(services);
        // Linking made calls of its own; start the measured part from clean windows and counters.
        await host.Admin.ResetRateLimitsAsync();
        await host.Admin.ResetStatsAsync(tenant.PortalId);
        return (host, services, tenant);
    }

    [Fact]
    public async Task A_burst_of_429s_is_retried_and_the_read_succeeds()
    {
        var (host, services, tenant) = await StartAsync();
        await using var _ = host;
        await using var __ = services;
        var crm = services.GetRequiredService<HubSpotCrmClient>();
        var contact = await crm.CreateAsync(tenant.TenantId, CrmObjectType.Contacts, new Dictionary<string, string> { ["email"] = NewEmail() });
        await host.Admin.SetBehaviourAsync(new { force429Count = 2, force429Policy = "TEN_SECONDLY_ROLLING" });

        var read = await crm.GetAsync(tenant.TenantId, CrmObjectType.Contacts, contact.Id);

        Assert.Equal(contact.Id, read.Id);
        // Two refused attempts and the successful third (request counts are taken before the answer is written).
        Assert.Equal(3, (await host.Admin.GetStatsAsync(tenant.PortalId)).Count("crm.read"));
    }

    [Fact]
    public async Task A_create_refused_with_429_is_retried_once_and_makes_one_record()
    {
        var (host, services, tenant) = await StartAsync();
        await using var _ = host;
        await using var __ = services;
        var email = NewEmail();
        await host.Admin.SetBehaviourAsync(new { force429Count = 1, force429Policy = "TEN_SECONDLY_ROLLING" });

        await services.GetRequiredService<HubSpotCrmClient>().CreateAsync(tenant.TenantId, CrmObjectType.Contacts, new Dictionary<string, string> { ["email"] = email });

        var stored = await host.Admin.GetObjectsAsync(tenant.PortalId, "contacts");
        Assert.Single(stored.EnumerateArray(), c => c.GetProperty("properties").GetProperty("email").GetString() == email);
        Assert.Equal(2, (await host.Admin.GetStatsAsync(tenant.PortalId)).Count("crm.create"));
    }

    [Fact]
    public async Task Retries_are_bounded_and_a_lasting_429_is_reported_with_its_policy()
    {
        var (host, services, tenant) = await StartAsync(clientSettings: new Dictionary<string, string?> { ["HubSpot:MaxRetryAttempts"] = "2" });
        await using var _ = host;
        await using var __ = services;
        await host.Admin.SetBehaviourAsync(new { force429Count = 10, force429Policy = "TEN_SECONDLY_ROLLING" });

        var error = await Assert.ThrowsAsync<HubSpotRateLimitedException>(() => services.GetRequiredService<HubSpotCrmClient>().GetAccountInfoAsync(tenant.TenantId));

        Assert.Equal("TEN_SECONDLY_ROLLING", error.PolicyName);
        Assert.Equal(3, (await host.Admin.GetStatsAsync(tenant.PortalId)).Count("account-info"));
    }

    [Fact]
    public async Task Daily_limit_is_not_retried()
    {
        var (host, services, tenant) = await StartAsync();
        await using var _ = host;
        await using var __ = services;
        await host.Admin.SetBehaviourAsync(new { force429Count = 5, force429Policy = "DAILY" });

        var error = await Assert.ThrowsAsync<HubSpotRateLimitedException>(() => services.GetRequiredService<HubSpotCrmClient>().GetAccountInfoAsync(tenant.TenantId));

        Assert.Equal("DAILY", error.PolicyName);
        Assert.Equal(1, (await host.Admin.GetStatsAsync(tenant.PortalId)).Count("account-info"));
    }

    [Fact]
    public async Task Server_errors_retry_reads_but_never_a_create()
    {
        var (host, services, tenant) = await StartAsync();
        await using var _ = host;
        await using var __ = services;
        var crm = services.GetRequiredService<HubSpotCrmClient>();
        await host.Admin.SetBehaviourAsync(new { errorRate = 1.0, errorStatusCode = 502 });

        var create = await Assert.ThrowsAsync<HubSpotUnavailableException>(() =>
            crm.CreateAsync(tenant.TenantId, CrmObjectType.Contacts, new Dictionary<string, string> { ["email"] = NewEmail() }));
        var read = await Assert.ThrowsAsync<HubSpotUnavailableException>(() => crm.GetAsync(tenant.TenantId, CrmObjectType.Contacts, "1"));

        Assert.Equal(502, create.StatusCode);
        Assert.Equal(502, read.StatusCode);
        var stats = await host.Admin.GetStatsAsync(tenant.PortalId);
        Assert.Equal(1, stats.Count("crm.create"));
        Assert.Equal(3, stats.Count("crm.read"));
    }

    [Fact]
    public async Task A_burst_above_the_limit_waits_for_slots_and_never_exceeds_the_rate_hubspot_enforces()
    {
        var (host, services, tenant) = await StartAsync(
            new Dictionary<string, string?> { ["Sandbox:Behaviour:EnforceRateLimits"] = "true", ["Sandbox:RateLimits:RequestsPer10Seconds"] = "6" },
            new Dictionary<string, string?>
            {
                // Generous waits: the last calls wait a whole window (and a tenth) for a slot, longer on a busy machine.
                ["HubSpot:RequestsPer10Seconds"] = "6", ["HubSpot:RateLimitWait"] = "00:00:45",
                ["HubSpot:CallTimeout"] = "00:01:00", ["HubSpot:AttemptTimeout"] = "00:00:50",
            });
        await using var _ = host;
        await using var __ = services;
        var crm = services.GetRequiredService<HubSpotCrmClient>();

        var accounts = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => Task.Run(() => crm.GetAccountInfoAsync(tenant.TenantId))));

        Assert.All(accounts, a => Assert.Equal(tenant.PortalId, a.PortalId));
        // Every call reached HubSpot exactly once: a refused (429) attempt would have been retried and counted again.
        var stats = await host.Admin.GetStatsAsync(tenant.PortalId);
        Assert.Equal(10, stats.Count("account-info"));
        Assert.Equal(0, stats.Status(429));
    }

    [Fact]
    public async Task Without_a_matching_client_limit_the_same_burst_is_refused_by_hubspot()
    {
        // Control for the test above: it proves the sandbox really refuses a burst beyond its limit.
        var (host, services, tenant) = await StartAsync(
            new Dictionary<string, string?> { ["Sandbox:Behaviour:EnforceRateLimits"] = "true", ["Sandbox:RateLimits:RequestsPer10Seconds"] = "6" },
            new Dictionary<string, string?> { ["HubSpot:RequestsPer10Seconds"] = "100", ["HubSpot:MaxRetryAttempts"] = "0" });
        await using var _ = host;
        await using var __ = services;
        var crm = services.GetRequiredService<HubSpotCrmClient>();

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => Task.Run(async () =>
        {
            try
            {
                await crm.GetAccountInfoAsync(tenant.TenantId);
                return true;
            }
            catch (HubSpotRateLimitedException)
            {
                return false;
            }
        })));

        Assert.Equal(6, outcomes.Count(ok => ok));
        Assert.Equal(10, (await host.Admin.GetStatsAsync(tenant.PortalId)).Count("account-info"));
    }

    [Fact]
    public async Task Searches_are_held_under_the_search_limit_and_all_succeed()
    {
        var (host, services, tenant) = await StartAsync(
            new Dictionary<string, string?> { ["Sandbox:Behaviour:EnforceRateLimits"] = "true", ["Sandbox:RateLimits:SearchRequestsPerSecond"] = "2" },
            new Dictionary<string, string?>
            {
                ["HubSpot:SearchRequestsPerSecond"] = "2", ["HubSpot:RateLimitWait"] = "00:00:10",
                ["HubSpot:CallTimeout"] = "00:00:20", ["HubSpot:AttemptTimeout"] = "00:00:15",
            });
        await using var _ = host;
        await using var __ = services;
        var crm = services.GetRequiredService<HubSpotCrmClient>();

        var pages = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() =>
            crm.SearchAsync(tenant.TenantId, CrmObjectType.Contacts, new CrmSearchRequest { Query = "nobody", Limit = 5 }))));

        Assert.Equal(8, pages.Length);
        var stats = await host.Admin.GetStatsAsync(tenant.PortalId);
        Assert.Equal(8, stats.Count("crm.search"));
        Assert.Equal(0, stats.Status(429));
    }
}
