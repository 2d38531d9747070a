using System.Net;
using System.Text.Json.Nodes;
using Bot.Tests.Harness;
using Microsoft.IdentityModel.Tokens;

namespace Bot.Tests.BotFramework;

/// <summary>docs/teams-protocol.md, "Inbound authentication" and "Conformance checklist": every way a token can be wrong is refused before any handler runs.</summary>
public sealed class InboundAuthTests(ProbeBotFixture bot) : IClassFixture<ProbeBotFixture>
{
    private readonly TeamsUser _user = TeamsUser.New("Adele Vance");

    private JsonObject Echo(string? serviceUrl = null)
    {
        var chat = TeamsConversation.Personal(_user);
        return Activities.Invoke(serviceUrl ?? bot.Simulator.ServiceUrl, chat, _user, "probe/echo", new JsonObject { ["n"] = 1 });
    }

    public static TheoryData<string> BadTokens => new()
    {
        "expired", "not yet valid", "wrong issuer", "wrong audience", "unknown key", "bad signature",
        "key not endorsed for msteams", "serviceUrl mismatch",
    };

    private string Mint(string kind)
    {
        var sim = bot.Simulator;
        var now = DateTime.UtcNow;
        return kind switch
        {
            "expired" => sim.MintToken(new TokenSpec { NotBefore = now.AddHours(-2), Expires = now.AddMinutes(-6) }),
            "not yet valid" => sim.MintToken(new TokenSpec { NotBefore = now.AddMinutes(6), Expires = now.AddHours(1) }),
            "wrong issuer" => sim.MintToken(new TokenSpec { Issuer = "https://api.botframework.com.evil.example" }),
            "wrong audience" => sim.MintToken(new TokenSpec { Audience = Guid.NewGuid().ToString() }),
            "unknown key" => sim.MintToken(new TokenSpec { Key = sim.Keys.Unpublished }),
            "bad signature" => sim.MintToken(new TokenSpec { Key = sim.Keys.Unpublished, ClaimedKey = sim.Keys.Teams }),
            "key not endorsed for msteams" => sim.MintToken(new TokenSpec { Key = sim.Keys.OtherChannel }),
            "serviceUrl mismatch" => sim.MintToken(new TokenSpec { ServiceUrl = "https://smba.trafficmanager.net/amer/" }),
            _ => throw new ArgumentOutOfRangeException(nameof(kind)),
        };
    }

    [Theory]
    [MemberData(nameof(BadTokens))]
    public async Task A_bad_token_is_refused_with_401_and_no_handler_runs(string kind)
    {
        var token = Mint(kind);
        var before = bot.Probe.Turns;

        using var response = await bot.Teams.PostAsync(Echo(), token);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(before, bot.Probe.Turns);
        Assert.DoesNotContain(bot.Host.Logs.Lines, line => line.Contains(token, StringComparison.Ordinal));
        Assert.DoesNotContain(bot.Host.Logs.Lines, line => line.Contains(token.Split('.')[2], StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("Bearer")]
    [InlineData("Basic dXNlcjpwYXNz")]
    [InlineData("Bearer not-a-jwt")]
    [InlineData("Bearer a.b.c")]
    public async Task A_missing_or_malformed_header_is_refused_with_401(string? header)
    {
        var before = bot.Probe.Turns;
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/messages") { Content = new StringContent(Echo().ToJsonString(), System.Text.Encoding.UTF8, "application/json") };
        if (header is not null) request.Headers.TryAddWithoutValidation("Authorization", header);

        using var response = await bot.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(before, bot.Probe.Turns);
    }

    [Fact]
    public async Task A_tenant_that_is_not_allowed_is_refused_with_403()
    {
        var stranger = TeamsUser.New("Guest from elsewhere", tenantId: Guid.NewGuid().ToString());
        var chat = TeamsConversation.Personal(stranger);
        var before = bot.Probe.Turns;

        using var response = await bot.Teams.PostAsync(Activities.Invoke(bot.Simulator.ServiceUrl, chat, stranger, "probe/echo", null));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(before, bot.Probe.Turns);
    }

    [Fact]
    public async Task A_valid_token_reaches_the_handler()
    {
        var (status, body) = await bot.Teams.InvokeAsync(Echo());

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(1, body?["echo"]?["n"]?.GetValue<int>());
    }

    [Fact]
    public async Task A_token_signed_with_RS512_is_accepted()
    {
        var token = bot.Simulator.MintToken(new TokenSpec { Algorithm = SecurityAlgorithms.RsaSha512 });

        using var response = await bot.Teams.PostAsync(Echo(), token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task ServiceUrl_comparison_ignores_case_and_a_trailing_slash()
    {
        var serviceUrl = bot.Simulator.ServiceUrl.TrimEnd('/').ToUpperInvariant().Replace("HTTP://", "http://", StringComparison.Ordinal);
        var token = bot.Simulator.MintToken(new TokenSpec { ServiceUrl = bot.Simulator.ServiceUrl });

        using var response = await bot.Teams.PostAsync(Echo(serviceUrl), token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    /// <summary>A token the bot has accepted is remembered (RememberingTokenHandler); the checks that depend on the
    /// activity it comes with still run for every request.</summary>
    [Fact]
    public async Task A_remembered_token_is_still_checked_against_each_activity()
    {
        var token = bot.Simulator.MintToken(new TokenSpec { ServiceUrl = bot.Simulator.ServiceUrl });
        using (var accepted = await bot.Teams.PostAsync(Echo(), token)) Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        var before = bot.Probe.Turns;

        using var otherServiceUrl = await bot.Teams.PostAsync(Echo("https://smba.trafficmanager.net/amer/"), token);
        var otherChannel = Echo();
        otherChannel["channelId"] = "webchat";
        using var notEndorsed = await bot.Teams.PostAsync(otherChannel, token);
        using var again = await bot.Teams.PostAsync(Echo(), token);

        Assert.Equal(HttpStatusCode.Unauthorized, otherServiceUrl.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, notEndorsed.StatusCode);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(before + 1, bot.Probe.Turns);
    }
}
