using System.Net;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Bot.Tests.Features.Linking;
using Bot.Tests.Harness;
using HubSpotTeamsBot.Features.Linking;
using HubSpotTeamsBot.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Bot.Tests.Reliability;

/// <summary>
/// Issue 16, L7: the sign-in start page and the OAuth callback page (which shows a one-time code) against a browser
/// that caches, leaks the URL as a Referer, frames the page elsewhere or injects script. Every answer, success or
/// refusal, must carry no-store, a CSP allowing scripts only from the bot and frames only from Microsoft 365 hosts,
/// no-referrer and nosniff; the page loads TeamsJS from the bot (the pinned npm release, byte for byte) with SRI, and
/// no inline script.
/// </summary>
public sealed partial class SecuritySignInPageTests(CrmBotFixture bot, ITestOutputHelper output) : IClassFixture<CrmBotFixture>
{
    /// <summary>SHA-256 of dist/umd/MicrosoftTeams.min.js in the npm package @microsoft/teams-js 2.58.0.</summary>
    private const string TeamsJsSha256 = "1737ae2e319c8ab56d71d2218fd5a49d96a8ad70eb01ff2e9ab7e35093b93379";

    private static readonly string[] TeamsHosts =
        ["https://teams.microsoft.com", "https://*.teams.microsoft.com", "https://*.cloud.microsoft", "https://*.office.com"];

    [Fact]
    public async Task Sign_in_pages_are_not_cached_framed_elsewhere_leaked_or_scriptable_and_load_TeamsJS_from_the_bot()
    {
        using var journey = new LinkJourney(bot);
        using var browser = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = bot.Host.BaseAddress };
        var tally = new SecurityTally("security: L7 sign-in page headers", output);
        var chat = TeamsConversation.Personal(bot.Admin);
        await bot.Host.Services.GetRequiredService<PortalLinkStore>().DeleteAsync(ChannelSimulator.BotTenantId);

        var start = await journey.ConnectAsync(chat, bot.Admin);
        using var startPage = await browser.GetAsync(start);
        tally.Add("start page (redirect to HubSpot)", HeaderProblems(startPage, HttpStatusCode.Redirect));
        using var badStart = await browser.GetAsync("/auth/hubspot/start?session=forged");
        tally.Add("start page with a forged session", HeaderProblems(badStart, HttpStatusCode.BadRequest));

        var redirect = await bot.Sandbox.ConsentAsync(startPage.Headers.Location!, "approve");
        using var callback = await browser.GetAsync(redirect.Location);
        var html = await callback.Content.ReadAsStringAsync();
        tally.Add("callback page with the code", HeaderProblems(callback, HttpStatusCode.OK));
        tally.Add("callback page scripts", await ScriptProblemsAsync(browser, html));
        using var replay = await browser.GetAsync(redirect.Location);
        tally.Add("replayed callback", HeaderProblems(replay, HttpStatusCode.BadRequest));
        using var denied = await browser.GetAsync("/auth/hubspot/callback?error=access_denied");
        tally.Add("callback with an error", HeaderProblems(denied, HttpStatusCode.BadRequest));
        tally.Verdict();
    }

    [Fact]
    public void Hsts_is_sent_in_Production_only()
    {
        var production = new DefaultHttpContext();
        SignInPageHeaders.Apply(production.Response, "sha256-x", production: true);
        var development = new DefaultHttpContext();
        SignInPageHeaders.Apply(development.Response, "sha256-x", production: false);

        Assert.Equal("max-age=31536000; includeSubDomains", production.Response.Headers.StrictTransportSecurity.ToString());
        Assert.False(development.Response.Headers.ContainsKey("Strict-Transport-Security"));
    }

    private static List<string> HeaderProblems(HttpResponseMessage response, HttpStatusCode expected)
    {
        var problems = new List<string>();
        if (response.StatusCode != expected) problems.Add($"status {(int)response.StatusCode}, expected {(int)expected}");
        string Header(string name) =>
            response.Headers.TryGetValues(name, out var v) ? string.Join(", ", v)
            : response.Content.Headers.TryGetValues(name, out var c) ? string.Join(", ", c) : string.Empty;
        if (!Header("Cache-Control").Contains("no-store", StringComparison.Ordinal)) problems.Add($"Cache-Control “{Header("Cache-Control")}”");
        if (Header("Referrer-Policy") != "no-referrer") problems.Add($"Referrer-Policy “{Header("Referrer-Policy")}”");
        if (Header("X-Content-Type-Options") != "nosniff") problems.Add("no nosniff");
        var csp = Header("Content-Security-Policy");
        var directives = csp.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .ToDictionary(d => d.Split(' ')[0], d => d.Split(' ').Skip(1).ToArray(), StringComparer.Ordinal);
        if (!directives.TryGetValue("default-src", out var defaults) || !defaults.SequenceEqual(["'none'"])) problems.Add($"default-src not 'none' in “{csp}”");
        if (!directives.TryGetValue("script-src", out var scripts) || !scripts.SequenceEqual(["'self'"])) problems.Add($"script-src not only 'self' in “{csp}”");
        if (!directives.TryGetValue("frame-ancestors", out var ancestors) || ancestors.Contains("*") || TeamsHosts.Any(h => !ancestors.Contains(h)))
            problems.Add($"frame-ancestors not the Microsoft 365 hosts in “{csp}”");
        if (directives.Values.SelectMany(v => v).Any(v => v is "'unsafe-inline'" or "'unsafe-eval'" or "*" or "http:" or "https:"))
            problems.Add($"a wildcard or unsafe source in “{csp}”");
        if (response.Headers.Contains("Strict-Transport-Security")) problems.Add("HSTS sent outside Production (the test host is plain http)");
        return problems;
    }

    private static async Task<List<string>> ScriptProblemsAsync(HttpClient browser, string html)
    {
        var problems = new List<string>();
        if (InlineScript().IsMatch(html)) problems.Add("the page has an inline script");
        if (html.Contains("cdn.office.net", StringComparison.Ordinal)) problems.Add("the page loads TeamsJS from a CDN");
        var scripts = ScriptTag().Matches(html).Select(m => (Src: WebUtility.HtmlDecode(m.Groups["src"].Value), Integrity: m.Groups["integrity"].Value)).ToList();
        if (scripts.Count != 2) problems.Add($"expected TeamsJS and the callback script, found {scripts.Count} script tags");
        foreach (var (src, integrity) in scripts)
        {
            if (!src.StartsWith("/auth/hubspot/assets/", StringComparison.Ordinal)) { problems.Add($"script from {src}"); continue; }
            using var response = await browser.GetAsync(src);
            var bytes = await response.Content.ReadAsByteArrayAsync();
            if (response.StatusCode != HttpStatusCode.OK) { problems.Add($"{src}: {(int)response.StatusCode}"); continue; }
            if (integrity != "sha384-" + Convert.ToBase64String(SHA384.HashData(bytes))) problems.Add($"{src}: integrity does not match the served bytes");
            if (response.Content.Headers.ContentType?.MediaType != "text/javascript") problems.Add($"{src}: served as {response.Content.Headers.ContentType}");
            if (src.Contains("MicrosoftTeams-2.58.0", StringComparison.Ordinal) && Convert.ToHexStringLower(SHA256.HashData(bytes)) != TeamsJsSha256)
                problems.Add("the served TeamsJS is not the pinned npm release");
        }
        using var unknown = await browser.GetAsync("/auth/hubspot/assets/..%2Fappsettings.json");
        if (unknown.StatusCode != HttpStatusCode.NotFound) problems.Add($"an unknown asset answered {(int)unknown.StatusCode}");
        return problems;
    }

    [GeneratedRegex("<script(?![^>]*\\bsrc=)[^>]*>", RegexOptions.IgnoreCase)]
    private static partial Regex InlineScript();

    [GeneratedRegex("<script src=\"(?<src>[^\"]+)\" integrity=\"(?<integrity>[^\"]+)\"></script>")]
    private static partial Regex ScriptTag();
}
