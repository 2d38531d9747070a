using System.Net;
using System.Text.Json;
using Bot.Tests.Harness;

namespace Bot.Tests.Sandbox;

public sealed class SandboxOAuthFlowTests(SandboxFixture fixture) : IClassFixture<SandboxFixture>
{
    private readonly SandboxHost host = fixture.Host;

    [Fact]
    public async Task Code_flow_end_to_end_from_consent_to_revoked_refresh()
    {
        var page = await host.Http.GetStringAsync(new Uri(
            $"/oauth/authorize?client_id={SandboxHost.ClientId}&redirect_uri={Uri.EscapeDataString(SandboxHost.RedirectUri)}&scope={Uri.EscapeDataString(SandboxHost.BotScopes)}&state=s1",
            UriKind.Relative));
        Assert.Contains("id=\"approve\"", page, StringComparison.Ordinal);
        Assert.Contains("id=\"deny\"", page, StringComparison.Ordinal);
        Assert.Contains("crm.objects.deals.write", page, StringComparison.Ordinal);
        Assert.Contains("Analytical Engines (demo)", page, StringComparison.Ordinal);

        var redirect = await host.AuthorizeAsync("approve", SandboxHost.DemoPortalId.ToString(System.Globalization.CultureInfo.InvariantCulture), SandboxHost.BotScopes, null, "s2");
        Assert.Equal("s2", redirect.State);
        Assert.StartsWith(SandboxHost.RedirectUri, redirect.Location.ToString(), StringComparison.Ordinal);
        var tokens = await host.ExchangeCodeAsync(redirect.Code!);
        Assert.Equal(SandboxHost.DemoPortalId, tokens.PortalId);
        Assert.Equal(1800, tokens.ExpiresIn);
        Assert.Contains("crm.objects.owners.read", tokens.Scopes);

        var introspection = await FormJsonAsync($"/oauth/{SandboxHost.ApiVersion}/token/introspect", tokens.AccessToken);
        Assert.True(introspection.GetProperty("active").GetBoolean());
        Assert.Equal(SandboxHost.DemoPortalId, introspection.GetProperty("hub_id").GetInt64());
        Assert.Equal("analytical-engines-demo.com", introspection.GetProperty("hub_domain").GetString());
        Assert.Equal("access_token", introspection.GetProperty("token_use").GetString());
        Assert.Equal("meganb@contoso.com", introspection.GetProperty("user").GetString());
        Assert.InRange(introspection.GetProperty("expires_in").GetInt64(), 1700, 1800);

        using var refreshed = await RefreshAsync(tokens.RefreshToken);
        Assert.Equal(HttpStatusCode.OK, refreshed.StatusCode);
        using var refreshedJson = JsonDocument.Parse(await refreshed.Content.ReadAsStringAsync());
        var newAccess = refreshedJson.RootElement.GetProperty("access_token").GetString()!;
        Assert.NotEqual(tokens.AccessToken, newAccess);
        Assert.Equal(tokens.RefreshToken, refreshedJson.RootElement.GetProperty("refresh_token").GetString());
        using var api = host.ApiClient(newAccess);
        var (info, infoBody) = await Json.SendAsync(api, HttpMethod.Get, $"/account-info/{SandboxHost.ApiVersion}/details");
        Assert.Equal(HttpStatusCode.OK, info.StatusCode);
        Assert.Equal("app.hubspot.com", infoBody.GetProperty("uiDomain").GetString());

        using var revoked = await host.PostFormAsync($"/oauth/{SandboxHost.ApiVersion}/token/revoke", ClientForm(("token", tokens.RefreshToken)));
        Assert.Equal(HttpStatusCode.NoContent, revoked.StatusCode);
        using var refused = await RefreshAsync(tokens.RefreshToken);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        using var refusedJson = JsonDocument.Parse(await refused.Content.ReadAsStringAsync());
        Assert.Equal("invalid_grant", refusedJson.RootElement.GetProperty("error").GetString());
        Assert.Equal("BAD_REFRESH_TOKEN", refusedJson.RootElement.GetProperty("status").GetString());
        Assert.False((await FormJsonAsync($"/oauth/{SandboxHost.ApiVersion}/token/introspect", tokens.RefreshToken)).GetProperty("active").GetBoolean());

        var stats = await host.Admin.GetStatsAsync(SandboxHost.DemoPortalId);
        Assert.True(stats.Count("oauth.token:refresh_token") >= 1);
        Assert.True(stats.Count("oauth.token:authorization_code") >= 1);
    }

    [Fact]
    public async Task Deny_redirects_with_access_denied_and_the_state()
    {
        var redirect = await host.AuthorizeAsync("deny", "new", SandboxHost.BotScopes, null, "keep-me");
        Assert.Equal("access_denied", redirect.Error);
        Assert.Equal("keep-me", redirect.State);
        Assert.Null(redirect.Code);
    }

    [Fact]
    public async Task A_code_works_once()
    {
        var redirect = await host.AuthorizeAsync("approve", "new", SandboxHost.BotScopes, null, "s");
        await host.ExchangeCodeAsync(redirect.Code!);
        using var second = await host.PostFormAsync($"/oauth/{SandboxHost.ApiVersion}/token", ClientForm(
            ("grant_type", "authorization_code"), ("redirect_uri", SandboxHost.RedirectUri), ("code", redirect.Code!)));
        Assert.Equal(HttpStatusCode.BadRequest, second.StatusCode);
        Assert.Contains("\"invalid_grant\"", await second.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Wrong_client_secret_is_invalid_client()
    {
        var redirect = await host.AuthorizeAsync("approve", "new", SandboxHost.BotScopes, null, "s");
        using var response = await host.PostFormAsync($"/oauth/{SandboxHost.ApiVersion}/token", new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code", ["client_id"] = SandboxHost.ClientId, ["client_secret"] = "wrong",
            ["redirect_uri"] = SandboxHost.RedirectUri, ["code"] = redirect.Code!,
        });
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("invalid_client", body.RootElement.GetProperty("error").GetString());
        Assert.False(string.IsNullOrEmpty(body.RootElement.GetProperty("error_description").GetString()));
    }

    [Fact]
    public async Task Redirect_uri_must_match_the_authorize_request()
    {
        var redirect = await host.AuthorizeAsync("approve", "new", SandboxHost.BotScopes, null, "s");
        using var response = await host.PostFormAsync($"/oauth/{SandboxHost.ApiVersion}/token", ClientForm(
            ("grant_type", "authorization_code"), ("redirect_uri", "http://127.0.0.1/elsewhere"), ("code", redirect.Code!)));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("BAD_REDIRECT_URI", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Undeclared_scope_is_refused_on_the_authorize_page()
    {
        using var response = await host.Http.GetAsync(new Uri(
            $"/oauth/authorize?client_id={SandboxHost.ClientId}&redirect_uri={Uri.EscapeDataString(SandboxHost.RedirectUri)}&scope=oauth%20crm.objects.tickets.write",
            UriKind.Relative));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("crm.objects.tickets.write", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Granted_scopes_are_only_what_was_asked_and_introspection_shows_them()
    {
        var tokens = await host.ConnectPortalAsync(scopes: "oauth crm.objects.contacts.read", optionalScopes: "crm.objects.owners.read crm.objects.tickets.read");
        Assert.Equal(["oauth", "crm.objects.contacts.read", "crm.objects.owners.read"], tokens.Scopes);
        var introspection = await FormJsonAsync($"/oauth/{SandboxHost.ApiVersion}/token/introspect", tokens.AccessToken);
        var scopes = introspection.GetProperty("scopes").EnumerateArray().Select(s => s.GetString()).ToList();
        Assert.DoesNotContain("crm.objects.deals.read", scopes);
        Assert.Contains("crm.objects.owners.read", scopes);
    }

    private async Task<HttpResponseMessage> RefreshAsync(string refreshToken) =>
        await host.PostFormAsync($"/oauth/{SandboxHost.ApiVersion}/token", ClientForm(("grant_type", "refresh_token"), ("refresh_token", refreshToken)));

    private async Task<JsonElement> FormJsonAsync(string path, string token)
    {
        using var response = await host.PostFormAsync(path, ClientForm(("token", token)));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return json.RootElement.Clone();
    }

    private static Dictionary<string, string> ClientForm(params (string Key, string Value)[] fields)
    {
        var form = new Dictionary<string, string> { ["client_id"] = SandboxHost.ClientId, ["client_secret"] = SandboxHost.ClientSecret };
        foreach (var (key, value) in fields)
        {
            form[key] = value;
        }

        return form;
    }
}
