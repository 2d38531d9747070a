using System.Net;
using System.Web;
using HubSpotTeamsBot.HubSpot;

namespace Bot.Tests.HubSpot;

public class HubSpotOAuthClientTests
{
    private const string TokenJson = """{"access_token":"at-1","refresh_token":"rt-2","expires_in":1800,"token_type":"bearer","token_use":"access_token","hub_id":42}""";

    [Fact]
    public void Authorize_url_carries_client_scopes_optional_scopes_state_and_redirect_but_no_secret()
    {
        using var host = new HubSpotClientUnitHost(new ScriptedHttpHandler(), new Dictionary<string, string?>
        {
            ["HubSpot:Scopes"] = "oauth crm.objects.contacts.read",
            ["HubSpot:OptionalScopes"] = "crm.objects.companies.read",
        });

        var url = host.OAuth.BuildAuthorizeUrl("state&with=odd chars");
        var query = HttpUtility.ParseQueryString(url.Query);

        Assert.Equal("https://app.hubspot.com/oauth/authorize", url.GetLeftPart(UriPartial.Path));
        Assert.Equal("client-id-1", query["client_id"]);
        Assert.Equal("https://bot.example/oauth/callback", query["redirect_uri"]);
        Assert.Equal("oauth crm.objects.contacts.read", query["scope"]);
        Assert.Equal("crm.objects.companies.read", query["optional_scope"]);
        Assert.Equal("state&with=odd chars", query["state"]);
        Assert.DoesNotContain("client-secret-do-not-leak", url.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Authorize_url_can_be_pinned_to_a_portal_and_override_scopes()
    {
        using var host = new HubSpotClientUnitHost(new ScriptedHttpHandler());

        var url = host.OAuth.BuildAuthorizeUrl("s", scopes: ["oauth"], optionalScopes: [], redirectUri: "https://other.example/cb", portalId: 777);
        var query = HttpUtility.ParseQueryString(url.Query);

        Assert.Equal("https://app.hubspot.com/oauth/777/authorize", url.GetLeftPart(UriPartial.Path));
        Assert.Equal("oauth", query["scope"]);
        Assert.Null(query["optional_scope"]);
        Assert.Equal("https://other.example/cb", query["redirect_uri"]);
    }

    [Fact]
    public async Task Code_exchange_posts_a_form_to_the_versioned_token_path()
    {
        var handler = new ScriptedHttpHandler().Then(HttpStatusCode.OK, TokenJson);
        using var host = new HubSpotClientUnitHost(handler, new Dictionary<string, string?> { ["HubSpot:ApiVersion"] = "2026-09" });

        var tokens = await host.OAuth.ExchangeCodeAsync("the-code");

        Assert.Equal("at-1", tokens.AccessToken);
        Assert.Equal("rt-2", tokens.RefreshToken);
        Assert.Equal(1800, tokens.ExpiresIn);
        Assert.Equal(42, tokens.HubId);
        var sent = Assert.Single(handler.Requests);
        Assert.Equal(HttpMethod.Post, sent.Method);
        Assert.Equal("/oauth/2026-09/token", sent.Uri.AbsolutePath);
        Assert.Equal("", sent.Uri.Query);
        Assert.Equal("application/x-www-form-urlencoded", sent.ContentType);
        var form = HttpUtility.ParseQueryString(sent.Body!);
        Assert.Equal("authorization_code", form["grant_type"]);
        Assert.Equal("the-code", form["code"]);
        Assert.Equal("client-secret-do-not-leak", form["client_secret"]);
        Assert.Equal("https://bot.example/oauth/callback", form["redirect_uri"]);
    }

    [Fact]
    public async Task Refresh_revoke_and_introspect_send_secrets_only_in_the_body()
    {
        var handler = new ScriptedHttpHandler()
            .Then(HttpStatusCode.OK, TokenJson)
            .Then(HttpStatusCode.OK, """{"active":true,"hub_id":42,"hub_domain":"demo.hubspot.com","scopes":["oauth"],"token_use":"refresh_token","token":"rt-1"}""")
            .Then(HttpStatusCode.NoContent, "");
        using var host = new HubSpotClientUnitHost(handler);

        await host.OAuth.RefreshAsync("rt-1");
        var info = await host.OAuth.IntrospectAsync("rt-1", "refresh_token");
        await host.OAuth.RevokeAsync("rt-1");

        Assert.Equal(42, info.HubId);
        Assert.Equal("demo.hubspot.com", info.HubDomain);
        var requests = handler.Requests.ToArray();
        Assert.Equal(["/oauth/2026-03/token", "/oauth/2026-03/token/introspect", "/oauth/2026-03/token/revoke"], requests.Select(r => r.Uri.AbsolutePath));
        Assert.All(requests, r => Assert.DoesNotContain("rt-1", r.Uri.ToString(), StringComparison.Ordinal));
        Assert.All(requests, r => Assert.DoesNotContain("secret", r.Uri.ToString(), StringComparison.Ordinal));
        Assert.Equal("refresh_token", HttpUtility.ParseQueryString(requests[0].Body!)["grant_type"]);
        Assert.Equal("rt-1", HttpUtility.ParseQueryString(requests[0].Body!)["refresh_token"]);
        Assert.Equal("refresh_token", HttpUtility.ParseQueryString(requests[2].Body!)["token_type_hint"]);
    }

    [Fact]
    public void Token_response_text_never_shows_the_tokens()
    {
        var tokens = new HubSpotTokenResponse("secret-access", "secret-refresh", 1800);

        Assert.DoesNotContain("secret", tokens.ToString(), StringComparison.Ordinal);
    }
}
