using Bot.Tests.Harness;
using HubSpotTeamsBot.HubSpot;
using HubSpotTeamsBot.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Bot.Tests.HubSpot;

/// <summary>Refresh behaviour of the token provider with real storage (Azurite) and the sandbox's token endpoint.</summary>
[Collection(AzuriteCollectionDefinition.Name)]
public sealed class PortalTokenProviderSandboxTests(AzuriteFixture azurite)
{
    private static readonly Dictionary<string, string?> Rotating = new() { ["Sandbox:RotateRefreshTokens"] = "true" };

    [Fact]
    public async Task Twenty_parallel_callers_cause_exactly_one_refresh_and_the_new_tokens_are_stored()
    {
        await using var host = SandboxHost.Start(Rotating);
        var sandbox = new SandboxPortal(host);
        await using var services = HubSpotServices.Build(azurite, sandbox.BaseUrl);
        var tenant = await sandbox.LinkNewTenantAsync(services);
        await SandboxPortal.ExpireStoredTokenAsync(services, tenant.TenantId);
        var before = await sandbox.StatsAsync(tenant.PortalId);
        var provider = services.GetRequiredService<PortalTokenProvider>();

        var tokens = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Task.Run(() => provider.GetAccessTokenAsync(tenant.TenantId))));

        var after = await sandbox.StatsAsync(tenant.PortalId);
        Assert.Equal(1, after.Count("oauth.token:refresh_token") - before.Count("oauth.token:refresh_token"));
        var token = Assert.Single(tokens.Distinct());
        Assert.NotEqual(tenant.Link.AccessToken, token);
        var stored = (await services.GetRequiredService<PortalLinkStore>().GetAsync(tenant.TenantId))!;
        Assert.Equal(token, stored.AccessToken);
        Assert.NotEqual(tenant.Link.RefreshToken, stored.RefreshToken); // rotated by the sandbox and kept
        Assert.True(stored.AccessTokenExpiresAt > DateTimeOffset.UtcNow.AddMinutes(20));
        Assert.NotNull(stored.LastRefreshedAt);
        // The stored (rotated) refresh token is the one that works next time.
        await SandboxPortal.ExpireStoredTokenAsync(services, tenant.TenantId);
        Assert.NotEqual(token, await provider.GetAccessTokenAsync(tenant.TenantId));
    }

    [Fact]
    public async Task Revoked_refresh_token_marks_the_link_broken_and_stops_calling_hubspot()
    {
        await using var host = SandboxHost.Start();
        var sandbox = new SandboxPortal(host);
        await using var services = HubSpotServices.Build(azurite, sandbox.BaseUrl);
        var tenant = await sandbox.LinkNewTenantAsync(services);
        await sandbox.Admin.RevokeRefreshTokensAsync(tenant.PortalId);
        await SandboxPortal.ExpireStoredTokenAsync(services, tenant.TenantId);
        var provider = services.GetRequiredService<PortalTokenProvider>();

        var error = await Assert.ThrowsAsync<PortalLinkBrokenException>(() => provider.GetAccessTokenAsync(tenant.TenantId));

        Assert.Equal(tenant.TenantId, error.TenantId);
        var stored = (await services.GetRequiredService<PortalLinkStore>().GetAsync(tenant.TenantId))!;
        Assert.Equal(PortalLinkState.Broken, stored.State);
        Assert.Contains("BAD_REFRESH_TOKEN", stored.BrokenReason, StringComparison.Ordinal);
        var refusals = (await sandbox.StatsAsync(tenant.PortalId)).Count("oauth.error:invalid_grant");
        await Assert.ThrowsAsync<PortalLinkBrokenException>(() => provider.GetAccessTokenAsync(tenant.TenantId));
        await Assert.ThrowsAsync<PortalLinkBrokenException>(() => services.GetRequiredService<HubSpotCrmClient>().GetAccountInfoAsync(tenant.TenantId));
        Assert.Equal(refusals, (await sandbox.StatsAsync(tenant.PortalId)).Count("oauth.error:invalid_grant"));
    }

    [Fact]
    public async Task Two_instances_refreshing_at_once_with_rotating_tokens_keep_the_link_working()
    {
        await using var host = SandboxHost.Start(Rotating);
        var sandbox = new SandboxPortal(host);
        await using var first = HubSpotServices.Build(azurite, sandbox.BaseUrl);
        await using var second = HubSpotServices.Build(azurite, sandbox.BaseUrl);
        var tenant = await sandbox.LinkNewTenantAsync(first);
        await SandboxPortal.ExpireStoredTokenAsync(first, tenant.TenantId);

        var tokens = await Task.WhenAll(
            Task.Run(() => first.GetRequiredService<PortalTokenProvider>().GetAccessTokenAsync(tenant.TenantId)),
            Task.Run(() => second.GetRequiredService<PortalTokenProvider>().GetAccessTokenAsync(tenant.TenantId)));

        Assert.All(tokens, token => Assert.NotEqual(tenant.Link.AccessToken, token));
        var stored = (await first.GetRequiredService<PortalLinkStore>().GetAsync(tenant.TenantId))!;
        Assert.Equal(PortalLinkState.Linked, stored.State);
        // Whatever interleaving happened, the stored refresh token still refreshes. (A token call, not an API call: the
        // sandbox's portal ids repeat across test classes, so an API call would spend a rate budget other tests share.)
        await SandboxPortal.ExpireStoredTokenAsync(first, tenant.TenantId);
        var refreshed = await second.GetRequiredService<PortalTokenProvider>().GetAccessTokenAsync(tenant.TenantId);
        Assert.DoesNotContain(refreshed, tokens);
        Assert.Equal(PortalLinkState.Linked, (await first.GetRequiredService<PortalLinkStore>().GetAsync(tenant.TenantId))!.State);
    }

    [Fact]
    public async Task A_failing_token_endpoint_is_reported_as_unavailable_and_leaves_the_link_usable()
    {
        await using var host = SandboxHost.Start();
        var sandbox = new SandboxPortal(host);
        await using var services = HubSpotServices.Build(azurite, sandbox.BaseUrl);
        var tenant = await sandbox.LinkNewTenantAsync(services);
        await SandboxPortal.ExpireStoredTokenAsync(services, tenant.TenantId);
        var provider = services.GetRequiredService<PortalTokenProvider>();
        await host.Admin.SetBehaviourAsync(new { failTokenRequests = 1, errorStatusCode = 503 });

        var error = await Assert.ThrowsAsync<HubSpotUnavailableException>(() => provider.GetAccessTokenAsync(tenant.TenantId));
        var stored = (await services.GetRequiredService<PortalLinkStore>().GetAsync(tenant.TenantId))!;
        var token = await provider.GetAccessTokenAsync(tenant.TenantId);

        Assert.Equal(503, error.StatusCode);
        Assert.Equal(PortalLinkState.Linked, stored.State);
        Assert.NotEqual(tenant.Link.AccessToken, token);
    }
}
