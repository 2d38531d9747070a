using System.Net;
using Bot.Tests.Harness;

namespace Bot.Tests.Sandbox;

/// <summary>401s for missing, expired and revoked bearer tokens, and 403 MISSING_SCOPES, in HubSpot's shape.</summary>
public sealed class SandboxAuthenticationTests : IDisposable
{
    private readonly ManualClock clock = new(new DateTimeOffset(2026, 11, 29, 12, 0, 0, TimeSpan.Zero));
    private readonly SandboxHost host;

    public SandboxAuthenticationTests() => host = SandboxHost.Start(time: clock);

    public void Dispose() => host.Dispose();

    [Fact]
    public async Task Missing_bearer_is_401_invalid_authentication_with_correlation_header()
    {
        var (response, body) = await Json.SendAsync(host.Http, HttpMethod.Get, $"/crm/objects/{SandboxHost.ApiVersion}/contacts");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("INVALID_AUTHENTICATION", body.GetProperty("category").GetString());
        Assert.Equal(response.Headers.GetValues("X-HubSpot-Correlation-Id").Single(), body.GetProperty("correlationId").GetString());
    }

    [Fact]
    public async Task Access_token_expires_after_thirty_minutes_and_refresh_gives_a_working_one()
    {
        var tokens = await host.ConnectPortalAsync();
        using var api = host.ApiClient(tokens.AccessToken);
        clock.Advance(TimeSpan.FromMinutes(29));
        var (before, _) = await Json.SendAsync(api, HttpMethod.Get, $"/crm/owners/{SandboxHost.ApiVersion}");
        Assert.Equal(HttpStatusCode.OK, before.StatusCode);

        clock.Advance(TimeSpan.FromMinutes(2));
        var (after, body) = await Json.SendAsync(api, HttpMethod.Get, $"/crm/owners/{SandboxHost.ApiVersion}");
        Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
        Assert.Equal("EXPIRED_AUTHENTICATION", body.GetProperty("category").GetString());

        using var refreshed = await host.PostFormAsync($"/oauth/{SandboxHost.ApiVersion}/token", new Dictionary<string, string>
        {
            ["grant_type"] = "refresh_token", ["client_id"] = SandboxHost.ClientId, ["client_secret"] = SandboxHost.ClientSecret,
            ["refresh_token"] = tokens.RefreshToken,
        });
        var fresh = System.Text.Json.JsonDocument.Parse(await refreshed.Content.ReadAsStringAsync()).RootElement.GetProperty("access_token").GetString()!;
        using var freshApi = host.ApiClient(fresh);
        var (again, _) = await Json.SendAsync(freshApi, HttpMethod.Get, $"/crm/owners/{SandboxHost.ApiVersion}");
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
    }

    [Fact]
    public async Task Admin_expiry_and_revocation_switches_turn_tokens_into_401s()
    {
        var first = await host.ConnectPortalAsync();
        using var api = host.ApiClient(first.AccessToken);
        await host.Admin.ExpireAccessTokensAsync(first.PortalId);
        var (expired, expiredBody) = await Json.SendAsync(api, HttpMethod.Get, $"/crm/owners/{SandboxHost.ApiVersion}");
        Assert.Equal(HttpStatusCode.Unauthorized, expired.StatusCode);
        Assert.Equal("EXPIRED_AUTHENTICATION", expiredBody.GetProperty("category").GetString());

        var second = await host.ConnectPortalAsync();
        using var api2 = host.ApiClient(second.AccessToken);
        await host.Admin.RevokeAccessTokensAsync(second.PortalId);
        var (revoked, revokedBody) = await Json.SendAsync(api2, HttpMethod.Get, $"/crm/owners/{SandboxHost.ApiVersion}");
        Assert.Equal(HttpStatusCode.Unauthorized, revoked.StatusCode);
        Assert.Equal("INVALID_AUTHENTICATION", revokedBody.GetProperty("category").GetString());

        await host.Admin.RevokeRefreshTokensAsync(second.PortalId);
        using var refresh = await host.PostFormAsync($"/oauth/{SandboxHost.ApiVersion}/token", new Dictionary<string, string>
        {
            ["grant_type"] = "refresh_token", ["client_id"] = SandboxHost.ClientId, ["client_secret"] = SandboxHost.ClientSecret,
            ["refresh_token"] = second.RefreshToken,
        });
        Assert.Equal(HttpStatusCode.BadRequest, refresh.StatusCode);
        Assert.Contains("invalid_grant", await refresh.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Missing_scope_is_403_missing_scopes_naming_the_scope()
    {
        var tokens = await host.ConnectPortalAsync(scopes: "oauth crm.objects.contacts.read crm.objects.contacts.write");
        using var api = host.ApiClient(tokens.AccessToken);
        var (response, body) = await Json.SendAsync(api, HttpMethod.Post, $"/crm/objects/{SandboxHost.ApiVersion}/deals",
            new { properties = new { dealname = "x", dealstage = "appointmentscheduled" } });
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("MISSING_SCOPES", body.GetProperty("category").GetString());
        Assert.Equal("crm.objects.deals.write", body.GetProperty("context").GetProperty("missingScopes")[0].GetString());

        var (owners, _) = await Json.SendAsync(api, HttpMethod.Get, $"/crm/owners/{SandboxHost.ApiVersion}");
        Assert.Equal(HttpStatusCode.Forbidden, owners.StatusCode);
        var (contacts, _) = await Json.SendAsync(api, HttpMethod.Get, $"/crm/objects/{SandboxHost.ApiVersion}/contacts");
        Assert.Equal(HttpStatusCode.OK, contacts.StatusCode);
    }

    [Fact]
    public async Task Authorization_codes_expire()
    {
        var redirect = await host.AuthorizeAsync("approve", "new", SandboxHost.BotScopes, null, "s");
        clock.Advance(TimeSpan.FromMinutes(6));
        await Assert.ThrowsAsync<InvalidOperationException>(() => host.ExchangeCodeAsync(redirect.Code!));
    }
}
