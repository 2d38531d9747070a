using System.Net;
using HubSpotTeamsBot.HubSpot;

namespace Bot.Tests.HubSpot;

/// <summary>The resilience pipeline as AddHubSpot builds it, driven by scripted answers.</summary>
public class HubSpotRetryTests
{
    private const string TokenJson = """{"access_token":"at","refresh_token":"rt","expires_in":1800}""";
    private const string AccountJson = """{"portalId":42,"uiDomain":"app-eu1.hubspot.com","timeZone":"Europe/Berlin","companyCurrency":"EUR"}""";

    [Fact]
    public async Task Idempotent_call_is_retried_after_5xx_and_succeeds()
    {
        var handler = new ScriptedHttpHandler().Then(HttpStatusCode.BadGateway).Then(HttpStatusCode.ServiceUnavailable).Then(HttpStatusCode.OK, AccountJson);
        using var host = new HubSpotClientUnitHost(handler);

        var info = await host.OAuth.GetAccountInfoAsync("at");

        Assert.Equal("app-eu1.hubspot.com", info.UiDomain);
        Assert.Equal(3, handler.Requests.Count);
    }

    [Fact]
    public async Task Retries_stop_after_the_configured_attempts()
    {
        var handler = new ScriptedHttpHandler().Then(HttpStatusCode.BadGateway).Then(HttpStatusCode.BadGateway).Then(HttpStatusCode.BadGateway).Then(HttpStatusCode.OK, AccountJson);
        using var host = new HubSpotClientUnitHost(handler, new Dictionary<string, string?> { ["HubSpot:MaxRetryAttempts"] = "2" });

        var error = await Assert.ThrowsAsync<HubSpotUnavailableException>(() => host.OAuth.GetAccountInfoAsync("at"));

        Assert.Equal(502, error.StatusCode);
        Assert.Equal(3, handler.Requests.Count);
    }

    [Fact]
    public async Task Non_idempotent_post_is_not_retried_after_5xx()
    {
        var handler = new ScriptedHttpHandler().Then(HttpStatusCode.BadGateway).Then(HttpStatusCode.OK, TokenJson);
        using var host = new HubSpotClientUnitHost(handler);

        await Assert.ThrowsAsync<HubSpotUnavailableException>(() => host.OAuth.RefreshAsync("rt"));

        Assert.Single(handler.Requests);
    }

    [Fact]
    public async Task Non_idempotent_post_is_retried_after_429_and_when_the_connection_was_refused()
    {
        var handler = new ScriptedHttpHandler()
            .Then(HttpStatusCode.TooManyRequests, """{"status":"error","message":"You have reached your ten secondly limit.","policyName":"TEN_SECONDLY_ROLLING"}""")
            .ThenRefuseConnection()
            .Then(HttpStatusCode.OK, TokenJson);
        using var host = new HubSpotClientUnitHost(handler);

        var tokens = await host.OAuth.RefreshAsync("rt");

        Assert.Equal("at", tokens.AccessToken);
        Assert.Equal(3, handler.Requests.Count);
    }

    [Theory]
    [InlineData(HttpStatusCode.BadRequest)]
    [InlineData(HttpStatusCode.Unauthorized)]
    [InlineData(HttpStatusCode.Forbidden)]
    [InlineData(HttpStatusCode.NotFound)]
    [InlineData(HttpStatusCode.Conflict)]
    public async Task Client_errors_are_never_retried(HttpStatusCode status)
    {
        var handler = new ScriptedHttpHandler().Then(status, """{"status":"error","message":"no"}""").Then(HttpStatusCode.OK, AccountJson);
        using var host = new HubSpotClientUnitHost(handler);

        var error = await Assert.ThrowsAnyAsync<HubSpotException>(() => host.OAuth.GetAccountInfoAsync("at"));

        Assert.Equal((int)status, error.StatusCode);
        Assert.Single(handler.Requests);
    }

    [Fact]
    public async Task Daily_limit_is_reported_not_retried()
    {
        var handler = new ScriptedHttpHandler()
            .Then(HttpStatusCode.TooManyRequests, """{"status":"error","message":"You have reached your daily limit.","errorType":"RATE_LIMIT","policyName":"DAILY","correlationId":"corr-daily"}""")
            .Then(HttpStatusCode.OK, AccountJson);
        using var host = new HubSpotClientUnitHost(handler);

        var error = await Assert.ThrowsAsync<HubSpotRateLimitedException>(() => host.OAuth.GetAccountInfoAsync("at"));

        Assert.Equal("DAILY", error.PolicyName);
        Assert.Equal("corr-daily", error.CorrelationId);
        Assert.Single(handler.Requests);
    }

    [Fact]
    public async Task Retry_after_longer_than_the_call_can_wait_is_reported_with_the_wait()
    {
        var handler = new ScriptedHttpHandler()
            .Then(HttpStatusCode.TooManyRequests, """{"status":"error","message":"slow down","policyName":"TEN_SECONDLY_ROLLING"}""", r => r.Headers.RetryAfter = new(TimeSpan.FromSeconds(30)))
            .Then(HttpStatusCode.OK, AccountJson);
        using var host = new HubSpotClientUnitHost(handler);

        var error = await Assert.ThrowsAsync<HubSpotRateLimitedException>(() => host.OAuth.GetAccountInfoAsync("at"));

        Assert.Equal(TimeSpan.FromSeconds(30), error.RetryAfter);
        Assert.Single(handler.Requests);
    }

    [Fact]
    public async Task Locked_423_is_retried_even_for_a_create()
    {
        var handler = new ScriptedHttpHandler().Then(HttpStatusCode.Locked).Then(HttpStatusCode.OK, TokenJson);
        using var host = new HubSpotClientUnitHost(handler);

        await host.OAuth.ExchangeCodeAsync("code");

        Assert.Equal(2, handler.Requests.Count);
    }

    [Fact]
    public async Task Hanging_attempt_times_out_and_an_idempotent_call_is_retried()
    {
        var handler = new ScriptedHttpHandler().ThenHang().Then(HttpStatusCode.OK, AccountJson);
        using var host = new HubSpotClientUnitHost(handler, new Dictionary<string, string?>
        {
            ["HubSpot:AttemptTimeout"] = "00:00:00.300",
            ["HubSpot:RateLimitWait"] = "00:00:00.100",
            ["HubSpot:CallTimeout"] = "00:00:10",
        });

        var info = await host.OAuth.GetAccountInfoAsync("at");

        Assert.Equal(42, info.PortalId);
        Assert.Equal(2, handler.Requests.Count);
    }

    [Fact]
    public async Task Hanging_create_times_out_without_a_second_post()
    {
        var handler = new ScriptedHttpHandler().ThenHang().Then(HttpStatusCode.OK, TokenJson);
        using var host = new HubSpotClientUnitHost(handler, new Dictionary<string, string?>
        {
            ["HubSpot:AttemptTimeout"] = "00:00:00.300",
            ["HubSpot:RateLimitWait"] = "00:00:00.100",
            ["HubSpot:CallTimeout"] = "00:00:10",
        });

        var error = await Assert.ThrowsAsync<HubSpotUnavailableException>(() => host.OAuth.ExchangeCodeAsync("code"));

        Assert.Equal("TIMEOUT", error.Category);
        Assert.Single(handler.Requests);
    }
}
