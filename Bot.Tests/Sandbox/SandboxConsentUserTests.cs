using System.Text.RegularExpressions;
using Bot.Tests.Harness;

namespace Bot.Tests.Sandbox;

/// <summary>The consent page shows the person signing in (the local run's Playground user), not another of the portal's users.</summary>
public sealed partial class SandboxConsentUserTests
{
    private const string AuthorizePath = $"/oauth/authorize?client_id={SandboxHost.ClientId}&redirect_uri=http%3A%2F%2F127.0.0.1%2Foauth-callback&scope=oauth&state=s";

    [Fact]
    public async Task The_consent_page_shows_the_configured_signed_in_user()
    {
        await using var host = SandboxHost.Start(new Dictionary<string, string?> { ["Sandbox:SignedInEmail"] = "alexw@contoso.com" });
        var page = await host.Http.GetStringAsync(new Uri(AuthorizePath, UriKind.Relative));

        Assert.Equal("alexw@contoso.com", SignedInAs(page));
    }

    [Fact]
    public async Task Without_a_signed_in_user_the_page_shows_the_portals_first_user()
    {
        await using var host = SandboxHost.Start();
        var page = await host.Http.GetStringAsync(new Uri(AuthorizePath, UriKind.Relative));

        Assert.Equal("meganb@contoso.com", SignedInAs(page));
    }

    private static string SignedInAs(string page) => SignedInPattern().Match(page) is { Success: true } m ? m.Groups[1].Value : "(no signed-in field)";

    [GeneratedRegex("""id="user-email" value="([^"]*)""")]
    private static partial Regex SignedInPattern();
}
