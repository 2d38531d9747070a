using System.Security.Cryptography;
using System.Text;

namespace HubSpotTeamsBot.Features.Linking;

/// <summary>
/// Response headers for the sign-in start page and the OAuth callback page. They carry a one-time verification code and
/// the OAuth state, so: never cached (no-store), never sent on as a Referer, scripts and styles only from the bot
/// itself (or the one inline style by hash), and framed only by Microsoft 365 hosts (Teams' documented frame-ancestors;
/// X-Frame-Options cannot list several origins, so frame-ancestors alone decides). HSTS in Production.
/// </summary>
public static class SignInPageHeaders
{
    /// <summary>The hosts Microsoft documents for Teams, Microsoft 365 and Outlook frames.</summary>
    public const string FrameAncestors =
        "'self' https://teams.microsoft.com https://*.teams.microsoft.com https://*.cloud.microsoft https://*.microsoft365.com " +
        "https://*.office.com https://outlook.office.com https://outlook.office365.com";

    public const string Hsts = "max-age=31536000; includeSubDomains";

    /// <summary>TeamsJS fetches its list of valid Teams host origins (JSON, not code) from Microsoft's CDN; blocked, it
    /// falls back to the list built into this release, which may miss newer hosts.</summary>
    public const string TeamsJsValidDomains = "https://res.cdn.office.net";

    public static string ContentSecurityPolicy(string styleSha256) =>
        $"default-src 'none'; script-src 'self'; style-src '{styleSha256}'; img-src 'self'; connect-src 'self' {TeamsJsValidDomains}; " +
        $"base-uri 'none'; form-action 'none'; frame-ancestors {FrameAncestors}";

    /// <summary>The CSP source for an inline style block: <c>sha256-…</c> of its exact text.</summary>
    public static string StyleHash(string style) => "sha256-" + Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(style)));

    public static void Apply(HttpResponse response, string styleSha256, bool production)
    {
        ArgumentNullException.ThrowIfNull(response);
        var headers = response.Headers;
        headers.CacheControl = "no-store, max-age=0";
        headers.Pragma = "no-cache";
        headers.ContentSecurityPolicy = ContentSecurityPolicy(styleSha256);
        headers["Referrer-Policy"] = "no-referrer";
        headers.XContentTypeOptions = "nosniff";
        if (production) headers.StrictTransportSecurity = Hsts;
    }
}
