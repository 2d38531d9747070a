using Bot.Tests.Harness;
using HubSpotTeamsBot.HubSpot;
using HubSpotTeamsBot.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Bot.Tests.HubSpot;

/// <summary>The shared token-refresh lease on real Table storage (Azurite), and how the token provider waits on it.</summary>
[Collection(AzuriteCollectionDefinition.Name)]
public sealed class PortalRefreshLeaseTests(AzuriteFixture azurite)
{
    private static readonly TimeSpan Long = TimeSpan.FromMinutes(1);

    [Fact]
    public async Task Only_one_instance_holds_a_tenants_lease_until_it_releases_it()
    {
        await using var first = HubSpotServices.Build(azurite, new Uri("http://127.0.0.1:9/"));
        await using var second = HubSpotServices.Build(azurite, new Uri("http://127.0.0.1:9/"));
        var a = first.GetRequiredService<PortalRefreshLease>();
        var b = second.GetRequiredService<PortalRefreshLease>();
        var tenantId = HubSpotServices.NewTenantId();

        var held = await a.TryAcquireAsync(tenantId, Long, CancellationToken.None);
        var refused = await b.TryAcquireAsync(tenantId, Long, CancellationToken.None);
        var otherTenant = await b.TryAcquireAsync(HubSpotServices.NewTenantId(), Long, CancellationToken.None);
        await a.ReleaseAsync(held!, CancellationToken.None);
        var afterRelease = await b.TryAcquireAsync(tenantId, Long, CancellationToken.None);

        Assert.NotNull(held);
        Assert.Null(refused);
        Assert.NotNull(otherTenant);
        Assert.NotNull(afterRelease);
    }

    [Fact]
    public async Task Ten_instances_racing_for_one_lease_give_it_to_exactly_one()
    {
        var instances = Enumerable.Range(0, 10).Select(_ => HubSpotServices.Build(azurite, new Uri("http://127.0.0.1:9/"))).ToList();
        try
        {
            var tenantId = HubSpotServices.NewTenantId();

            var results = await Task.WhenAll(instances.Select(s => Task.Run(() => s.GetRequiredService<PortalRefreshLease>().TryAcquireAsync(tenantId, Long, CancellationToken.None))));

            Assert.Single(results, r => r is not null);
        }
        finally
        {
            foreach (var s in instances) await s.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_lease_left_by_a_dead_instance_is_taken_over_once_it_runs_out_and_the_late_release_frees_nothing()
    {
        await using var first = HubSpotServices.Build(azurite, new Uri("http://127.0.0.1:9/"));
        await using var second = HubSpotServices.Build(azurite, new Uri("http://127.0.0.1:9/"));
        var a = first.GetRequiredService<PortalRefreshLease>();
        var b = second.GetRequiredService<PortalRefreshLease>();
        var tenantId = HubSpotServices.NewTenantId();

        var stale = await a.TryAcquireAsync(tenantId, TimeSpan.FromMilliseconds(300), CancellationToken.None);
        await Task.Delay(500);
        var takenOver = await b.TryAcquireAsync(tenantId, Long, CancellationToken.None);
        await a.ReleaseAsync(stale!, CancellationToken.None);
        var third = await a.TryAcquireAsync(tenantId, Long, CancellationToken.None);

        Assert.NotNull(takenOver);
        Assert.Null(third); // a's late release did not free b's lease
    }

    [Fact]
    public async Task A_caller_whose_token_expired_waits_for_the_holder_and_then_uses_its_token()
    {
        await using var host = SandboxHost.Start(new Dictionary<string, string?> { ["Sandbox:RotateRefreshTokens"] = "true" });
        var sandbox = new SandboxPortal(host);
        await using var services = HubSpotServices.Build(azurite, sandbox.BaseUrl);
        var tenant = await sandbox.LinkNewTenantAsync(services);
        await SandboxPortal.ExpireStoredTokenAsync(services, tenant.TenantId);
        // Another instance holds the lease, as if it were refreshing right now.
        await using var other = HubSpotServices.Build(azurite, sandbox.BaseUrl);
        var lease = await other.GetRequiredService<PortalRefreshLease>().TryAcquireAsync(tenant.TenantId, Long, CancellationToken.None);
        var store = services.GetRequiredService<PortalLinkStore>();
        var before = await sandbox.StatsAsync(tenant.PortalId);

        var waiting = services.GetRequiredService<PortalTokenProvider>().GetAccessTokenAsync(tenant.TenantId);
        await Task.Delay(500);
        var waitedWhileHeld = !waiting.IsCompleted;
        // The holder stores its refreshed token and frees the lease.
        var refreshed = await store.UpdateAsync(tenant.TenantId, link => link with { AccessToken = "token-from-the-holder", AccessTokenExpiresAt = DateTimeOffset.UtcNow.AddMinutes(30) });
        await other.GetRequiredService<PortalRefreshLease>().ReleaseAsync(lease!, CancellationToken.None);
        var token = await waiting;

        Assert.True(waitedWhileHeld);
        Assert.Equal("token-from-the-holder", token);
        Assert.Equal(before.Count("oauth.token:refresh_token"), (await sandbox.StatsAsync(tenant.PortalId)).Count("oauth.token:refresh_token"));
        Assert.Equal(PortalLinkState.Linked, refreshed!.State);
    }

    [Fact]
    public async Task A_holder_that_never_finishes_makes_callers_fail_as_unavailable_without_breaking_the_link()
    {
        await using var host = SandboxHost.Start();
        var sandbox = new SandboxPortal(host);
        var settings = new Dictionary<string, string?> { ["HubSpot:TokenRefreshWait"] = "00:00:00.500" };
        await using var services = HubSpotServices.Build(azurite, sandbox.BaseUrl, settings);
        var tenant = await sandbox.LinkNewTenantAsync(services);
        await SandboxPortal.ExpireStoredTokenAsync(services, tenant.TenantId);
        await using var other = HubSpotServices.Build(azurite, sandbox.BaseUrl);
        await other.GetRequiredService<PortalRefreshLease>().TryAcquireAsync(tenant.TenantId, Long, CancellationToken.None);

        var error = await Assert.ThrowsAsync<HubSpotUnavailableException>(() => services.GetRequiredService<PortalTokenProvider>().GetAccessTokenAsync(tenant.TenantId));

        Assert.Equal("TOKEN_REFRESH_IN_PROGRESS", error.Category);
        Assert.Equal(PortalLinkState.Linked, (await services.GetRequiredService<PortalLinkStore>().GetAsync(tenant.TenantId))!.State);
        Assert.Equal(0, (await sandbox.StatsAsync(tenant.PortalId)).Count("oauth.token:refresh_token"));
    }

    [Fact]
    public async Task A_token_inside_the_refresh_margin_but_not_expired_is_used_while_another_instance_refreshes()
    {
        await using var host = SandboxHost.Start();
        var sandbox = new SandboxPortal(host);
        await using var services = HubSpotServices.Build(azurite, sandbox.BaseUrl);
        var tenant = await sandbox.LinkNewTenantAsync(services);
        var store = services.GetRequiredService<PortalLinkStore>();
        await store.UpdateAsync(tenant.TenantId, link => link with { AccessTokenExpiresAt = DateTimeOffset.UtcNow.AddMinutes(2) }); // margin is 5 min
        await using var other = HubSpotServices.Build(azurite, sandbox.BaseUrl);
        await other.GetRequiredService<PortalRefreshLease>().TryAcquireAsync(tenant.TenantId, Long, CancellationToken.None);

        var token = await services.GetRequiredService<PortalTokenProvider>().GetAccessTokenAsync(tenant.TenantId);

        Assert.Equal(tenant.Link.AccessToken, token);
        Assert.Equal(0, (await sandbox.StatsAsync(tenant.PortalId)).Count("oauth.token:refresh_token"));
    }
}
