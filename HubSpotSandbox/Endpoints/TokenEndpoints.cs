using System.Text.Json.Serialization;
using HubSpotSandbox.Behaviour;
using HubSpotSandbox.Errors;
using HubSpotSandbox.Options;
using HubSpotSandbox.State;
using Microsoft.Extensions.Options;

namespace HubSpotSandbox.Endpoints;

/// <summary>POST /oauth/{version}/token, /token/introspect and /token/revoke (form bodies, docs/hubspot-api.md, "Token endpoints").</summary>
public static class TokenEndpoints
{
    public static void MapTokenEndpoints(this IEndpointRouteBuilder app, string version)
    {
        app.MapPost($"/oauth/{version}/token", Token).WithMetadata(new OAuthCall("oauth.token")).DisableAntiforgery();
        app.MapPost($"/oauth/{version}/token/introspect", Introspect).WithMetadata(new OAuthCall("oauth.introspect")).DisableAntiforgery();
        app.MapPost($"/oauth/{version}/token/revoke", Revoke).WithMetadata(new OAuthCall("oauth.revoke")).DisableAntiforgery();
    }

    private static async Task<IResult> Token(HttpContext context, TokenStore tokens, SandboxState state, IOptions<SandboxOptions> options)
    {
        var (form, error) = await ReadClientForm(context, options.Value, state, "oauth.token");
        if (error is not null)
        {
            return error;
        }

        var grantType = form!["grant_type"].ToString();
        switch (grantType)
        {
            case "authorization_code":
            {
                var code = tokens.RedeemCode(form["code"].ToString());
                if (code is null || code.Grant.ClientId != options.Value.ClientId)
                {
                    return Refuse(context, state, null, StatusCodes.Status400BadRequest, "invalid_grant", "authorization code is invalid, expired or already used", "BAD_AUTH_CODE");
                }

                if (code.RedirectUri != form["redirect_uri"].ToString())
                {
                    return Refuse(context, state, code.Grant.PortalId, StatusCodes.Status400BadRequest, "invalid_grant", "redirect_uri does not match the one used to authorize", "BAD_REDIRECT_URI");
                }

                Count(state, code.Grant.PortalId, "oauth.token");
                Count(state, code.Grant.PortalId, "oauth.token:authorization_code");
                var refresh = tokens.IssueRefresh(code.Grant);
                return Issue(tokens, options.Value, refresh);
            }

            case "refresh_token":
            {
                var refresh = tokens.FindRefresh(form["refresh_token"].ToString());
                if (refresh is null || refresh.Revoked || refresh.Grant.ClientId != options.Value.ClientId || state.Find(refresh.Grant.PortalId) is null)
                {
                    return Refuse(context, state, refresh?.Grant.PortalId, StatusCodes.Status400BadRequest, "invalid_grant", "refresh token is invalid, expired or revoked", "BAD_REFRESH_TOKEN");
                }

                if (options.Value.RotateRefreshTokens)
                {
                    // The old token is spent by this refresh; a concurrent refresh that spent it first wins.
                    if (!tokens.RevokeRefresh(refresh.Token))
                    {
                        return Refuse(context, state, refresh.Grant.PortalId, StatusCodes.Status400BadRequest, "invalid_grant", "refresh token is invalid, expired or revoked", "BAD_REFRESH_TOKEN");
                    }

                    refresh = tokens.IssueRefresh(refresh.Grant);
                }

                Count(state, refresh.Grant.PortalId, "oauth.token");
                Count(state, refresh.Grant.PortalId, "oauth.token:refresh_token");

                return Issue(tokens, options.Value, refresh);
            }

            default:
                return Refuse(context, state, null, StatusCodes.Status400BadRequest, "unsupported_grant_type",
                    $"grant_type \"{grantType}\" is not supported (authorization_code or refresh_token)", "BAD_GRANT_TYPE");
        }
    }

    private static async Task<IResult> Introspect(HttpContext context, TokenStore tokens, SandboxState state, IOptions<SandboxOptions> options, TimeProvider time)
    {
        var (form, error) = await ReadClientForm(context, options.Value, state, "oauth.introspect");
        if (error is not null)
        {
            return error;
        }

        var token = form!["token"].ToString();
        var now = time.GetUtcNow();
        // HubSpot's 2026-03 contract (TokenInfoResponseBaseIF): PublicAccessTokenInfoResponse or
        // PublicRefreshTokenInfoResponse, every required field present and token_use naming the kind of token. An
        // expired or revoked token keeps its shape with active = false.
        if (tokens.FindAccess(token) is { } access && state.Find(access.Grant.PortalId) is { } accessPortal)
        {
            Count(state, accessPortal.Id, "oauth.introspect");
            var active = !access.Revoked && access.ExpiresAt > now;
            return Results.Json(Describe(accessPortal, access.Grant, options.Value, token, "access_token", active,
                active ? (long)(access.ExpiresAt - now).TotalSeconds : 0, access.ExpiresAt));
        }

        if (tokens.FindRefresh(token) is { } refresh && state.Find(refresh.Grant.PortalId) is { } refreshPortal)
        {
            Count(state, refreshPortal.Id, "oauth.introspect");
            return Results.Json(Describe(refreshPortal, refresh.Grant, options.Value, token, "refresh_token", !refresh.Revoked, null, null));
        }

        // Nothing is known about a token this server never issued: only that it is not active.
        return Results.Json(new { active = false });
    }

    private static async Task<IResult> Revoke(HttpContext context, TokenStore tokens, SandboxState state, IOptions<SandboxOptions> options)
    {
        var (form, error) = await ReadClientForm(context, options.Value, state, "oauth.revoke");
        if (error is not null)
        {
            return error;
        }

        // As HubSpot documents, revoking a refresh token leaves live access tokens working until they expire.
        var token = form!["token"].ToString();
        if (string.IsNullOrWhiteSpace(token))
        {
            return HubSpotErrors.Validation(context, "token is required.");
        }

        if (tokens.FindRefresh(token) is { } refresh)
        {
            Count(state, refresh.Grant.PortalId, "oauth.revoke");
            tokens.RevokeRefresh(token);
        }

        // The 2026-03 document declares only the error answer (JSON); HubSpot's documented success for deleting a
        // refresh token is 204 No Content, so that is the answer here, for a token already gone too (RFC 7009).
        return Results.NoContent();
    }

    private static async Task<(IFormCollection?, IResult?)> ReadClientForm(HttpContext context, SandboxOptions options, SandboxState state, string kind)
    {
        if (!context.Request.HasFormContentType)
        {
            return (null, Refuse(context, state, null, StatusCodes.Status400BadRequest, "invalid_request",
                "the body must be application/x-www-form-urlencoded", "BAD_REQUEST"));
        }

        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        if (form["client_id"].ToString() != options.ClientId)
        {
            return (null, Refuse(context, state, null, StatusCodes.Status401Unauthorized, "invalid_client", "client_id is unknown", "BAD_CLIENT_ID"));
        }

        if (form["client_secret"].ToString() != options.ClientSecret)
        {
            return (null, Refuse(context, state, null, StatusCodes.Status401Unauthorized, "invalid_client", "client_secret does not match the client_id", "BAD_CLIENT_SECRET"));
        }

        state.UnattributedStats.CountRequest(kind);
        return (form, null);
    }

    private static IResult Issue(TokenStore tokens, SandboxOptions options, RefreshToken refresh)
    {
        var access = tokens.IssueAccess(refresh.Grant, options.AccessTokenLifetime);
        return Results.Json(new TokenResponse
        {
            AccessToken = access.Token,
            RefreshToken = refresh.Token,
            ExpiresIn = (long)options.AccessTokenLifetime.TotalSeconds,
            HubId = refresh.Grant.PortalId,
            UserId = refresh.Grant.UserId,
            Scopes = refresh.Grant.Scopes,
        });
    }

    private static Dictionary<string, object?> Describe(Portal portal, Grant grant, SandboxOptions options, string token, string use, bool active, long? expiresIn, DateTimeOffset? expiresAt)
    {
        var body = new Dictionary<string, object?>
        {
            ["active"] = active,
            ["app_id"] = options.AppId,
            ["client_id"] = grant.ClientId,
            ["hub_domain"] = portal.HubDomain,
            ["hub_id"] = portal.Id,
            ["scopes"] = grant.Scopes,
            ["token"] = token,
            ["token_type"] = use == "access_token" ? "access" : "refresh",
            ["token_use"] = use,
            ["user"] = grant.UserEmail,
            ["user_id"] = grant.UserId,
        };
        if (expiresIn is { } seconds)
        {
            body["expires_in"] = seconds;
            body["is_private_distribution"] = true;
            // SignedAccessToken: every field the document marks required.
            body["signed_access_token"] = new Dictionary<string, object?>
            {
                ["appId"] = options.AppId,
                ["appInstallId"] = $"{options.AppId}-{portal.Id}",
                ["audience"] = grant.ClientId,
                ["expiresAt"] = expiresAt!.Value.ToUnixTimeMilliseconds(),
                ["hubId"] = portal.Id,
                ["hublet"] = portal.DataHostingLocation,
                ["installingUserId"] = grant.UserId,
                ["isPrivateDistribution"] = true,
                ["isServiceAccount"] = false,
                ["isUserLevel"] = false,
                ["newSignature"] = "sandbox",
                ["scopeToScopeGroupPks"] = string.Empty,
                ["scopes"] = string.Join(" ", grant.Scopes),
                ["signature"] = "sandbox",
                ["trialScopeToScopeGroupPks"] = string.Empty,
                ["trialScopes"] = string.Empty,
                ["userId"] = grant.UserId,
            };
        }

        return body;
    }

    private static void Count(SandboxState state, long portalId, string kind) => state.Find(portalId)?.Stats.CountRequest(kind);

    private static IResult Refuse(HttpContext context, SandboxState state, long? portalId, int status, string error, string description, string legacyStatus)
    {
        var stats = portalId is { } id && state.Find(id) is { } portal ? portal.Stats : state.UnattributedStats;
        stats.CountRequest($"oauth.error:{error}");
        return HubSpotErrors.OAuth(context, status, error, description, legacyStatus);
    }

    private sealed record TokenResponse
    {
        [JsonPropertyName("access_token")] public required string AccessToken { get; init; }
        [JsonPropertyName("refresh_token")] public required string RefreshToken { get; init; }
        [JsonPropertyName("expires_in")] public required long ExpiresIn { get; init; }
        [JsonPropertyName("token_type")] public string TokenType { get; init; } = "bearer";
        [JsonPropertyName("token_use")] public string TokenUse { get; init; } = "access_token";
        [JsonPropertyName("hub_id")] public required long HubId { get; init; }
        [JsonPropertyName("user_id")] public required long UserId { get; init; }
        [JsonPropertyName("scopes")] public required IReadOnlyList<string> Scopes { get; init; }
    }
}
