using Bot.Tests.Harness;
using HubSpotTeamsBot.HubSpot;
using Microsoft.Extensions.DependencyInjection;

namespace Bot.Tests.HubSpot;

/// <summary>The OAuth client against the sandbox over HTTP: install, exchange, introspect, account info, refresh, revoke.</summary>
[Collection(AzuriteCollectionDefinition.Name)]
public sealed class HubSpotOAuthSandboxTests(AzuriteFixture azurite, SandboxFixture sandbox) : IClassFixture<SandboxFixture>
{
    private SandboxPortal Portal => sandbox.Portal;

    [Fact]
    public async Task Install_exchange_introspect_and_account_info_describe_the_chosen_portal()
    {
        await using var services = HubSpotServices.Build(azurite, Portal.BaseUrl);
        var oauth = services.GetRequiredService<HubSpotOAuthClient>();
        var portalId = await Portal.CreatePortalAsync();

        var tokens = await Portal.InstallAsync(oauth, portalId, ["oauth", "crm.objects.contacts.read"]);
        var access = await oauth.IntrospectAsync(tokens.AccessToken);
        var refresh = await oauth.IntrospectAsync(tokens.RefreshToken, "refresh_token");
        var account = await oauth.GetAccountInfoAsync(tokens.AccessToken);

        Assert.Equal(portalId, tokens.HubId);
        Assert.True(tokens.ExpiresIn > 0);
        Assert.True(access.Active);
        Assert.Equal(portalId, access.HubId);
        Assert.False(string.IsNullOrEmpty(access.HubDomain));
        Assert.Equal(["crm.objects.contacts.read", "oauth"], access.Scopes!.Order());
        Assert.Equal("access_token", access.TokenUse);
        Assert.Equal("refresh_token", refresh.TokenUse);
        Assert.Equal(portalId, account.PortalId);
        Assert.False(string.IsNullOrEmpty(account.UiDomain));
    }

    [Fact]
    public async Task Refresh_issues_a_new_working_access_token()
    {
        await using var services = HubSpotServices.Build(azurite, Portal.BaseUrl);
        var oauth = services.GetRequiredService<HubSpotOAuthClient>();
        var tokens = await Portal.InstallAsync(oauth, await Portal.CreatePortalAsync());

        var refreshed = await oauth.RefreshAsync(tokens.RefreshToken);

        Assert.NotEqual(tokens.AccessToken, refreshed.AccessToken);
        Assert.True((await oauth.IntrospectAsync(refreshed.AccessToken)).Active);
    }

    [Fact]
    public async Task Revoked_refresh_token_is_refused_as_invalid_grant()
    {
        await using var services = HubSpotServices.Build(azurite, Portal.BaseUrl);
        var oauth = services.GetRequiredService<HubSpotOAuthClient>();
        var tokens = await Portal.InstallAsync(oauth, await Portal.CreatePortalAsync());

        await oauth.RevokeAsync(tokens.RefreshToken);
        var error = await Assert.ThrowsAsync<HubSpotAuthException>(() => oauth.RefreshAsync(tokens.RefreshToken));

        Assert.True(error.IsInvalidGrant);
        Assert.Equal("BAD_REFRESH_TOKEN", error.OAuthStatus);
        Assert.False((await oauth.IntrospectAsync(tokens.RefreshToken, "refresh_token")).Active);
    }

    [Fact]
    public async Task Wrong_client_secret_is_an_auth_error_but_not_a_broken_grant()
    {
        await using var good = HubSpotServices.Build(azurite, Portal.BaseUrl);
        var tokens = await Portal.InstallAsync(good.GetRequiredService<HubSpotOAuthClient>(), await Portal.CreatePortalAsync());
        await using var wrong = HubSpotServices.Build(azurite, Portal.BaseUrl, new Dictionary<string, string?> { ["HubSpot:ClientSecret"] = "not-the-secret" });

        var error = await Assert.ThrowsAsync<HubSpotAuthException>(() => wrong.GetRequiredService<HubSpotOAuthClient>().RefreshAsync(tokens.RefreshToken));

        Assert.Equal("invalid_client", error.OAuthError);
        Assert.False(error.IsInvalidGrant);
        Assert.NotNull(error.CorrelationId);
    }
}
