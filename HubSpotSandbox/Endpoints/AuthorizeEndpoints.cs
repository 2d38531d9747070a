using System.Globalization;
using HubSpotSandbox.Options;
using HubSpotSandbox.Seed;
using HubSpotSandbox.State;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;

namespace HubSpotSandbox.Endpoints;

/// <summary>The install flow: GET /oauth/authorize (or /oauth/{portalId}/authorize) shows consent; the decision redirects.</summary>
public static class AuthorizeEndpoints
{
    public static void MapAuthorizeEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/oauth/authorize", (HttpContext c, IOptions<SandboxOptions> o, PendingAuthorizations p, SandboxState s) => Show(c, o.Value, p, s, null));
        app.MapGet("/oauth/{portalId:long}/authorize", (HttpContext c, long portalId, IOptions<SandboxOptions> o, PendingAuthorizations p, SandboxState s) => Show(c, o.Value, p, s, portalId));
        app.MapPost("/oauth/authorize/decision", Decide).DisableAntiforgery();
    }

    private static IResult Show(HttpContext context, SandboxOptions options, PendingAuthorizations pending, SandboxState state, long? pinnedPortalId)
    {
        var query = context.Request.Query;
        var clientId = query["client_id"].ToString();
        if (clientId != options.ClientId)
        {
            return ConsentPage.Error("Unknown app", $"The client_id \"{clientId}\" does not belong to an app on this sandbox.");
        }

        var redirectUri = query["redirect_uri"].ToString();
        if (!IsAllowedRedirect(redirectUri, options))
        {
            return ConsentPage.Error("Invalid redirect URI", $"The redirect_uri \"{redirectUri}\" is not an allowed redirect URL of this app.");
        }

        var required = SplitScopes(query["scope"].ToString());
        if (required.Count == 0)
        {
            return ConsentPage.Error("Missing scopes", "The authorize URL must include scope (space-separated).");
        }

        var undeclared = required.Where(s => !options.AppScopes.Contains(s, StringComparer.Ordinal)).ToList();
        if (undeclared.Count > 0)
        {
            return ConsentPage.Error("Scope mismatch", $"The app requested scopes it has not declared: {string.Join(" ", undeclared)}.");
        }

        // Optional scopes the app has not declared are dropped, as HubSpot does; the token simply lacks them.
        var optional = SplitScopes(query["optional_scope"].ToString())
            .Where(s => options.AppScopes.Contains(s, StringComparer.Ordinal) && !required.Contains(s)).ToList();

        List<Portal> portals;
        if (pinnedPortalId is { } pinned)
        {
            if (state.Find(pinned) is not { } portal)
            {
                return ConsentPage.Error("Unknown account", $"There is no account {pinned} on this sandbox.");
            }

            portals = [portal];
        }
        else
        {
            portals = state.Portals.Where(p => p.IsDemo).ToList();
        }

        var request = pending.Add(clientId, redirectUri, query["state"].FirstOrDefault(), required, optional, pinnedPortalId);
        var userEmail = !string.IsNullOrWhiteSpace(options.SignedInEmail) ? options.SignedInEmail
            : portals.Count > 0 ? portals[0].Admin.Email : "admin@sandbox.example";
        return Results.Content(ConsentPage.Render(request, options.AppName, portals, userEmail), "text/html; charset=utf-8");
    }

    private static async Task<IResult> Decide(HttpContext context, PendingAuthorizations pending, SandboxState state,
        TokenStore tokens, IOptions<SandboxOptions> options)
    {
        if (!context.Request.HasFormContentType)
        {
            return ConsentPage.Error("Bad request", "The consent form must be posted as a form.");
        }

        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        var request = pending.Take(form["request_id"].ToString());
        if (request is null)
        {
            return ConsentPage.Error("Request expired", "This authorization request is unknown, expired or already answered. Start the install again.");
        }

        if (form["decision"].ToString() != "approve")
        {
            return Results.Redirect(WithQuery(request.RedirectUri, request.State,
                ("error", "access_denied"), ("error_description", "The user denied the request.")));
        }

        var choice = form["portal"].ToString();
        Portal? portal;
        if (choice == "new" && request.PinnedPortalId is null)
        {
            var id = state.NextPortalId();
            portal = PortalFactory.Create(id, $"Test account {id}", $"sandbox-{id}.example.com");
            state.Add(portal);
        }
        else
        {
            portal = long.TryParse(choice, NumberStyles.None, CultureInfo.InvariantCulture, out var chosen)
                && (request.PinnedPortalId is null || request.PinnedPortalId == chosen) ? state.Find(chosen) : null;
        }

        if (portal is null)
        {
            return ConsentPage.Error("Unknown account", $"The account \"{choice}\" cannot be chosen for this request.");
        }

        var email = form["user_email"].ToString();
        var user = portal.Owners.FirstOrDefault(o => string.Equals(o.Email, email, StringComparison.OrdinalIgnoreCase)) ?? portal.Admin;
        var grant = new Grant(portal.Id, request.ClientId, string.IsNullOrWhiteSpace(email) ? user.Email : email.Trim(), user.UserId,
            [.. request.RequiredScopes, .. request.OptionalScopes]);
        var code = tokens.IssueCode(grant, request.RedirectUri, options.Value.AuthorizationCodeLifetime);
        return Results.Redirect(WithQuery(request.RedirectUri, request.State, ("code", code.Code)));
    }

    private static bool IsAllowedRedirect(string redirectUri, SandboxOptions options) =>
        Uri.TryCreate(redirectUri, UriKind.Absolute, out var uri)
        && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
        && (options.RedirectUris.Count == 0 || options.RedirectUris.Contains(redirectUri, StringComparer.Ordinal));

    private static List<string> SplitScopes(string value) =>
        value.Split([' ', '+', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct(StringComparer.Ordinal).ToList();

    private static string WithQuery(string uri, string? state, params (string Key, string Value)[] values)
    {
        var result = uri;
        foreach (var (key, value) in values)
        {
            result = QueryHelpers.AddQueryString(result, key, value);
        }

        return state is null ? result : QueryHelpers.AddQueryString(result, "state", state);
    }
}
