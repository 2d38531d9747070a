using Bot.Tests.Harness;
using HubSpotTeamsBot.HubSpot;
using HubSpotTeamsBot.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Bot.Tests.HubSpot;

/// <summary>
/// What the token provider decides from the stored link alone. HubSpot is a closed loopback port here, so any
/// attempt to call it would fail these tests.
/// </summary>
[Collection(AzuriteCollectionDefinition.Name)]
public sealed class PortalTokenProviderStateTests(AzuriteFixture azurite)
{
    private static readonly Uri Nowhere = new("http://127.0.0.1:9/");

    [Fact]
    public async Task No_link_is_not_linked()
    {
        await using var services = HubSpotServices.Build(azurite, Nowhere);
        var tenantId = HubSpotServices.NewTenantId();

        var error = await Assert.ThrowsAsync<PortalNotLinkedException>(() => services.GetRequiredService<PortalTokenProvider>().GetAccessTokenAsync(tenantId));

        Assert.Equal(tenantId, error.TenantId);
    }

    [Fact]
    public async Task Pending_link_counts_as_not_linked()
    {
        await using var services = HubSpotServices.Build(azurite, Nowhere);
        var link = HubSpotServices.Link(HubSpotServices.NewTenantId(), 1, "at", "rt", DateTimeOffset.UtcNow.AddHours(1), PortalLinkState.Pending);
        await services.GetRequiredService<PortalLinkStore>().SaveAsync(link);

        await Assert.ThrowsAsync<PortalNotLinkedException>(() => services.GetRequiredService<PortalTokenProvider>().GetAccessTokenAsync(link.TenantId));
    }

    [Fact]
    public async Task Broken_link_is_reported_with_its_reason()
    {
        await using var services = HubSpotServices.Build(azurite, Nowhere);
        var link = HubSpotServices.Link(HubSpotServices.NewTenantId(), 1, "at", "rt", DateTimeOffset.UtcNow.AddHours(1), PortalLinkState.Broken) with { BrokenReason = "revoked in test" };
        await services.GetRequiredService<PortalLinkStore>().SaveAsync(link);

        var error = await Assert.ThrowsAsync<PortalLinkBrokenException>(() => services.GetRequiredService<PortalTokenProvider>().GetAccessTokenAsync(link.TenantId));

        Assert.Equal("revoked in test", error.Reason);
    }

    [Fact]
    public async Task Fresh_token_is_handed_out_without_calling_hubspot()
    {
        await using var services = HubSpotServices.Build(azurite, Nowhere);
        var link = HubSpotServices.Link(HubSpotServices.NewTenantId(), 77, "stored-access", "stored-refresh", DateTimeOffset.UtcNow.AddMinutes(20));
        await services.GetRequiredService<PortalLinkStore>().SaveAsync(link);

        var access = await services.GetRequiredService<PortalTokenProvider>().GetPortalAccessAsync(link.TenantId);

        Assert.Equal(new PortalAccess(77, "stored-access"), access);
    }

    [Fact]
    public async Task Token_inside_the_refresh_margin_is_refreshed_not_reused()
    {
        await using var services = HubSpotServices.Build(azurite, Nowhere, new Dictionary<string, string?> { ["HubSpot:TokenRefreshMargin"] = "00:05:00" });
        var link = HubSpotServices.Link(HubSpotServices.NewTenantId(), 77, "stored-access", "stored-refresh", DateTimeOffset.UtcNow.AddMinutes(4));
        await services.GetRequiredService<PortalLinkStore>().SaveAsync(link);

        // The refresh goes to the closed port, so HubSpot is reported unreachable rather than the stale token returned.
        await Assert.ThrowsAsync<HubSpotUnavailableException>(() => services.GetRequiredService<PortalTokenProvider>().GetAccessTokenAsync(link.TenantId));
    }
}
