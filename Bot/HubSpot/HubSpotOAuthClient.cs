using Microsoft.Extensions.Options;

namespace HubSpotTeamsBot.HubSpot;

/// <summary>
/// HubSpot's OAuth endpoints (date-versioned). Secrets and tokens travel only in form-encoded bodies or the
/// Authorization header, never in a URL.
/// </summary>
public sealed class HubSpotOAuthClient
{
    private readonly HubSpotHttp _http;
    private readonly HubSpotOptions _options;
    private readonly HubSpotPaths _paths;

    internal HubSpotOAuthClient(HubSpotHttp http, IOptions<HubSpotOptions> options)
    {
        _http = http;
        _options = options.Value;
        _paths = new HubSpotPaths(_options.ApiVersion);
    }

    /// <summary>
    /// The install URL an admin opens. Scopes default to the configured ones; <paramref name="portalId"/> pins the
    /// consent screen to one account.
    /// </summary>
    public Uri BuildAuthorizeUrl(
        string state,
        IEnumerable<string>? scopes = null,
        IEnumerable<string>? optionalScopes = null,
        string? redirectUri = null,
        long? portalId = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(state);
        var (clientId, _) = _options.RequireClientCredentials();
        var required = (scopes ?? _options.ScopeList).ToList();
        var optional = (optionalScopes ?? _options.OptionalScopeList).ToList();
        if (required.Count == 0)
        {
            throw new ArgumentException("At least one scope is required.", nameof(scopes));
        }

        var query = new List<KeyValuePair<string, string>>
        {
            new("client_id", clientId),
            new("redirect_uri", redirectUri ?? _options.RequireRedirectUri()),
            new("scope", string.Join(' ', required)),
        };
        if (optional.Count > 0)
        {
            query.Add(new("optional_scope", string.Join(' ', optional)));
        }

        query.Add(new("state", state));

        var authorize = new UriBuilder(_options.AuthorizeUrl);
        if (portalId is { } pinned)
        {
            // https://app.hubspot.com/oauth/{portalId}/authorize
            authorize.Path = authorize.Path.Replace("/oauth/authorize", $"/oauth/{pinned}/authorize", StringComparison.Ordinal);
        }

        authorize.Query = string.Join('&', query.Select(p => $"{Uri.EscapeDataString(p.Key)}={Uri.EscapeDataString(p.Value)}"));
        return authorize.Uri;
    }

    /// <summary>Exchanges the code from the OAuth callback for tokens.</summary>
    public Task<HubSpotTokenResponse> ExchangeCodeAsync(string code, string? redirectUri = null, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(code);
        var (clientId, clientSecret) = _options.RequireClientCredentials();
        return TokenAsync("oauth.exchange", new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code",
            ["client_id"] = clientId,
            ["client_secret"] = clientSecret,
            ["redirect_uri"] = redirectUri ?? _options.RequireRedirectUri(),
            ["code"] = code,
        }, ct);
    }

    /// <summary>New access token from a refresh token. An invalid_grant / BAD_REFRESH_TOKEN answer throws a <see cref="HubSpotAuthException"/> with <c>IsInvalidGrant</c>.</summary>
    public Task<HubSpotTokenResponse> RefreshAsync(string refreshToken, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(refreshToken);
        var (clientId, clientSecret) = _options.RequireClientCredentials();
        return TokenAsync("oauth.refresh", new Dictionary<string, string>
        {
            ["grant_type"] = "refresh_token",
            ["client_id"] = clientId,
            ["client_secret"] = clientSecret,
            ["refresh_token"] = refreshToken,
        }, ct);
    }

    /// <summary>Who the token belongs to (hub_id, hub_domain, scopes, user).</summary>
    public Task<HubSpotTokenInfo> IntrospectAsync(string token, string tokenTypeHint = "access_token", CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(token);
        var (clientId, clientSecret) = _options.RequireClientCredentials();
        return _http.SendAsync<HubSpotTokenInfo>(
            new HubSpotCall(HttpMethod.Post, _paths.TokenIntrospect, "oauth.introspect")
            {
                Content = Form(new Dictionary<string, string>
                {
                    ["client_id"] = clientId,
                    ["client_secret"] = clientSecret,
                    ["token"] = token,
                    ["token_type_hint"] = tokenTypeHint,
                }),
                RetrySafe = true,
            },
            ct);
    }

    /// <summary>Revokes a refresh token (disconnect). Live access tokens keep working until they expire.</summary>
    public Task RevokeAsync(string refreshToken, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(refreshToken);
        var (clientId, clientSecret) = _options.RequireClientCredentials();
        return _http.SendAsync(
            new HubSpotCall(HttpMethod.Post, _paths.TokenRevoke, "oauth.revoke")
            {
                Content = Form(new Dictionary<string, string>
                {
                    ["client_id"] = clientId,
                    ["client_secret"] = clientSecret,
                    ["token"] = refreshToken,
                    ["token_type_hint"] = "refresh_token",
                }),
                RetrySafe = true,
            },
            ct);
    }

    /// <summary>Account details for a freshly issued access token (used while linking, before a portal link exists).</summary>
    public Task<HubSpotAccountInfo> GetAccountInfoAsync(string accessToken, CancellationToken ct = default) =>
        GetAccountInfoAsync(accessToken, portalId: null, ct);

    /// <summary>
    /// Account details for a freshly issued access token of <paramref name="portalId"/> (from introspection): the call
    /// counts against the portal's HubSpot limits like any other, so it takes a slot of the portal's budget.
    /// </summary>
    public Task<HubSpotAccountInfo> GetAccountInfoAsync(string accessToken, long? portalId, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(accessToken);
        return _http.SendAsync<HubSpotAccountInfo>(new HubSpotCall(HttpMethod.Get, _paths.AccountDetails, "account.details") { AccessToken = accessToken, PortalId = portalId }, ct);
    }

    // The token grant is not idempotent (HubSpot may rotate the refresh token), so it is only retried when HubSpot
    // certainly did not process it; see HubSpotRetryRules.
    private Task<HubSpotTokenResponse> TokenAsync(string operation, Dictionary<string, string> form, CancellationToken ct) =>
        _http.SendAsync<HubSpotTokenResponse>(new HubSpotCall(HttpMethod.Post, _paths.Token, operation) { Content = Form(form), RetrySafe = false }, ct);

    private static FormUrlEncodedContent Form(Dictionary<string, string> fields) => new(fields);
}
