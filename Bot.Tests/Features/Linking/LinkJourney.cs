using System.Net;
using System.Text.RegularExpressions;
using Bot.Tests.Harness;

namespace Bot.Tests.Features.Linking;

/// <summary>
/// The admin's path through the link flow, with the browser legs as plain HTTP: `connect` in Teams → our start page
/// → the sandbox's consent page → our callback page (which shows the verification code).
/// </summary>
internal sealed partial class LinkJourney(CrmBotFixture bot) : IDisposable
{
    private readonly HttpClient _browser = new(new HttpClientHandler { AllowAutoRedirect = false });

    /// <summary>Sends `connect` and returns the start-page URL on the sign-in card.</summary>
    public async Task<Uri> ConnectAsync(TeamsConversation chat, TeamsUser admin, string text = "connect")
    {
        var reply = await bot.Teams.SayAsync(chat, admin, text);
        var url = reply.Card?["actions"]?[0]?["data"]?["msteams"]?["value"]?.GetValue<string>();
        Assert.True(url is not null, $"expected a sign-in card, got: {reply.VisibleText}");
        return new Uri(url);
    }

    /// <summary>Opens our start page and returns where it redirects (HubSpot's authorize URL).</summary>
    public async Task<Uri> OpenStartPageAsync(Uri start)
    {
        using var response = await _browser.GetAsync(start);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return response.Headers.Location!;
    }

    /// <summary>Approves (or denies) on the consent page and returns our callback's status and HTML.</summary>
    public async Task<(HttpStatusCode Status, string Html)> ConsentAsync(Uri authorize, string decision = "approve")
    {
        var redirect = await bot.Sandbox.ConsentAsync(authorize, decision);
        return await OpenCallbackAsync(redirect.Location);
    }

    public async Task<(HttpStatusCode Status, string Html)> OpenCallbackAsync(Uri callback)
    {
        using var response = await _browser.GetAsync(callback);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    public static string CodeIn(string html) => CodePattern().Match(html) is { Success: true } m
        ? m.Groups[1].Value
        : throw new Xunit.Sdk.XunitException($"no verification code on the page: {html}");

    /// <summary>The whole flow up to the verification code.</summary>
    public async Task<string> SignInAsync(TeamsConversation chat, TeamsUser admin)
    {
        var authorize = await OpenStartPageAsync(await ConnectAsync(chat, admin));
        var (status, html) = await ConsentAsync(authorize);
        Assert.Equal(HttpStatusCode.OK, status);
        return CodeIn(html);
    }

    public void Dispose() => _browser.Dispose();

    [GeneratedRegex("id=\"code\">(\\d{6})<")]
    private static partial Regex CodePattern();
}
