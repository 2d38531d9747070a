using System.Net;

namespace HubSpotTeamsBot.Features.Linking;

/// <summary>
/// The two browser legs of the link flow (docs/teams-protocol.md, "Sign-in sequence", steps 2–4): our start page,
/// which sends the admin to
/// HubSpot's consent screen, and the OAuth callback, which tells Teams the verification code through TeamsJS and
/// shows it for typing when the page is not inside a Teams popup.
/// </summary>
public static class SignInPages
{
    public const string StartPath = "/auth/hubspot/start";
    public const string CallbackPath = "/auth/hubspot/callback";

    /// <summary>The pages' one inline style; the CSP allows exactly this text by its hash.</summary>
    private const string Style =
        "body { font-family: \"Segoe UI\", system-ui, sans-serif; margin: 0; background: #f5f5f5; color: #242424; } " +
        "main { max-width: 30rem; margin: 4rem auto; background: #fff; border-radius: 8px; padding: 2rem; box-shadow: 0 2px 8px rgba(0,0,0,.12); } " +
        "h1 { font-size: 1.3rem; margin-top: 0; } " +
        ".code { font-size: 2rem; letter-spacing: .3rem; font-weight: 600; text-align: center; color: #0e7c86; }";

    private static readonly string StyleHash = SignInPageHeaders.StyleHash(Style);

    public static IEndpointRouteBuilder MapPortalLinkPages(this IEndpointRouteBuilder app)
    {
        var pages = app.MapGroup(string.Empty).AddEndpointFilter(async (context, next) =>
        {
            var production = context.HttpContext.RequestServices.GetRequiredService<IHostEnvironment>().IsProduction();
            SignInPageHeaders.Apply(context.HttpContext.Response, StyleHash, production);
            return await next(context);
        });

        pages.MapGet(StartPath, (string? session, PortalLinker linker) =>
            LinkStates.TenantOf(session) is null
                ? Page(HttpStatusCode.BadRequest, "This sign-in link is incomplete", "Go back to Teams and send <b>connect</b> to me to start again.")
                : Results.Redirect(linker.AuthorizeUrl(session!).ToString()));

        pages.MapGet(CallbackPath, async (string? code, string? state, string? error, PortalLinker linker, CancellationToken ct) =>
        {
            var outcome = await linker.CompleteCallbackAsync(code, state, error, ct);
            return outcome.Succeeded
                ? Page(HttpStatusCode.OK, outcome.Title, Markdown(outcome.Message), outcome.VerificationCode)
                : Page(HttpStatusCode.BadRequest, outcome.Title, Markdown(outcome.Message));
        });

        // Versioned by content hash in the URL, so they may be cached for a year.
        app.MapGet(SignInAssets.PathPrefix + "{file}", (string file, HttpContext http) =>
        {
            if (!SignInAssets.TryGet(file, out var asset)) return Results.NotFound();
            http.Response.Headers.CacheControl = "public, max-age=31536000, immutable";
            http.Response.Headers.XContentTypeOptions = "nosniff";
            return Results.Bytes(asset.Content, "text/javascript; charset=utf-8");
        });
        return app;
    }

    private static IResult Page(HttpStatusCode status, string title, string messageHtml, string? verificationCode = null)
    {
        var teamsJs = SignInAssets.Get(SignInAssets.TeamsJsFile);
        var callbackScript = SignInAssets.Get(SignInAssets.CallbackScriptFile);
        var codeBlock = verificationCode is null ? string.Empty : $$"""
            <div id="fallback" hidden>
              <p>If this window does not close by itself, type this code in your chat with the bot:</p>
              <p class="code" id="code">{{WebUtility.HtmlEncode(verificationCode)}}</p>
            </div>
            <script src="{{SignInAssets.UrlOf(SignInAssets.TeamsJsFile)}}" integrity="{{teamsJs.Integrity}}"></script>
            <script src="{{SignInAssets.UrlOf(SignInAssets.CallbackScriptFile)}}" integrity="{{callbackScript.Integrity}}"></script>
            """;
        var html = $$"""
            <!doctype html>
            <html lang="en">
            <head>
              <meta charset="utf-8">
              <meta name="viewport" content="width=device-width, initial-scale=1">
              <title>{{WebUtility.HtmlEncode(title)}} · HubSpot for Teams</title>
              <style>{{Style}}</style>
            </head>
            <body><main>
              <h1>{{WebUtility.HtmlEncode(title)}}</h1>
              <p>{{messageHtml}}</p>
              {{codeBlock}}
            </main></body>
            </html>
            """;
        return Results.Content(html, "text/html; charset=utf-8", statusCode: (int)status);
    }

    /// <summary>Our messages use **bold** for commands; anything else is encoded.</summary>
    private static string Markdown(string text)
    {
        var encoded = WebUtility.HtmlEncode(text);
        var parts = encoded.Split("**");
        return string.Concat(parts.Select((p, i) => i % 2 == 1 ? $"<b>{p}</b>" : p));
    }
}
