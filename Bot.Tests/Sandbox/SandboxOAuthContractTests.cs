using System.Net;
using System.Text.Json;
using Bot.Tests.Harness;

namespace Bot.Tests.Sandbox;

/// <summary>
/// Introspect and revoke answer in the shapes of HubSpot's 2026-03 OAuth document (TokenInfoResponseBaseIF:
/// PublicAccessTokenInfoResponse | PublicRefreshTokenInfoResponse; revoke's error as JSON), so the bot is tested
/// against what HubSpot returns.
/// </summary>
public sealed class SandboxOAuthContractTests(SandboxFixture fixture) : IClassFixture<SandboxFixture>
{
    private static readonly string[] AccessRequired =
        ["active", "app_id", "client_id", "expires_in", "hub_id", "is_private_distribution", "scopes", "signed_access_token", "token", "token_type", "token_use", "user_id"];

    private static readonly string[] RefreshRequired = ["active", "app_id", "client_id", "hub_id", "scopes", "token", "token_type", "token_use", "user_id"];

    private static readonly string[] SignedAccessTokenRequired =
    [
        "appId", "appInstallId", "audience", "expiresAt", "hubId", "hublet", "installingUserId", "isPrivateDistribution", "isServiceAccount",
        "isUserLevel", "newSignature", "scopeToScopeGroupPks", "scopes", "signature", "trialScopeToScopeGroupPks", "trialScopes", "userId",
    ];

    private readonly SandboxHost host = fixture.Host;

    private async Task<(HttpResponseMessage Response, string Body)> PostAsync(string operation, params (string Key, string Value)[] fields)
    {
        var form = new Dictionary<string, string> { ["client_id"] = SandboxHost.ClientId, ["client_secret"] = SandboxHost.ClientSecret };
        foreach (var (key, value) in fields) form[key] = value;
        var response = await host.PostFormAsync($"/oauth/{SandboxHost.ApiVersion}/token/{operation}", form);
        return (response, await response.Content.ReadAsStringAsync());
    }

    private async Task<JsonElement> IntrospectAsync(string token)
    {
        var (response, body) = await PostAsync("introspect", ("token", token));
        using (response) Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    private static void HasAll(JsonElement json, IEnumerable<string> names)
    {
        var missing = names.Where(n => !json.TryGetProperty(n, out _)).ToList();
        Assert.True(missing.Count == 0, $"missing {string.Join(", ", missing)} in {json}");
    }

    private async Task<PortalTokens> TokensAsync()
    {
        var redirect = await host.AuthorizeAsync("approve", "new", SandboxHost.BotScopes, null, "s");
        return await host.ExchangeCodeAsync(redirect.Code!);
    }

    [Fact]
    public async Task An_access_token_is_described_with_every_required_field_and_token_use_access_token()
    {
        var tokens = await TokensAsync();

        var info = await IntrospectAsync(tokens.AccessToken);

        HasAll(info, AccessRequired);
        HasAll(info.GetProperty("signed_access_token"), SignedAccessTokenRequired);
        Assert.True(info.GetProperty("active").GetBoolean());
        Assert.Equal("access_token", info.GetProperty("token_use").GetString());
    }

    [Fact]
    public async Task A_refresh_token_is_described_as_one_live_or_revoked_and_revoke_answers_204()
    {
        var tokens = await TokensAsync();

        var live = await IntrospectAsync(tokens.RefreshToken);
        var (revoke, revokeBody) = await PostAsync("revoke", ("token", tokens.RefreshToken), ("token_type_hint", "refresh_token"));
        var revoked = await IntrospectAsync(tokens.RefreshToken);

        HasAll(live, RefreshRequired);
        Assert.Equal("refresh_token", live.GetProperty("token_use").GetString());
        Assert.True(live.GetProperty("active").GetBoolean());
        using (revoke) Assert.Equal(HttpStatusCode.NoContent, revoke.StatusCode);
        Assert.Empty(revokeBody);
        HasAll(revoked, RefreshRequired);
        Assert.Equal("refresh_token", revoked.GetProperty("token_use").GetString());
        Assert.False(revoked.GetProperty("active").GetBoolean());
    }

    [Fact]
    public async Task A_revoke_without_a_token_is_refused_with_HubSpots_error_body_as_json()
    {
        var (response, body) = await PostAsync("revoke");

        using (response)
        {
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        }
        var error = JsonDocument.Parse(body).RootElement;
        HasAll(error, ["message", "correlationId", "category"]);
    }
}
