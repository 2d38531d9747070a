using System.Net;
using Bot.Tests.Harness;

namespace Bot.Tests.Sandbox;

/// <summary>HubSpot's limits with a hand-moved clock: a ten-second burst window and a per-second search window.</summary>
public sealed class SandboxRateLimitTests : IDisposable
{
    private readonly ManualClock clock = new(new DateTimeOffset(2026, 11, 29, 12, 0, 0, TimeSpan.Zero));
    private readonly SandboxHost host;

    public SandboxRateLimitTests() => host = SandboxHost.Start(new Dictionary<string, string?>
    {
        ["Sandbox:RateLimits:RequestsPer10Seconds"] = "5",
        ["Sandbox:Behaviour:EnforceRateLimits"] = "true",
    }, clock);

    public void Dispose() => host.Dispose();

    [Fact]
    public async Task Sixth_call_in_ten_seconds_is_429_ten_secondly_rolling_with_headers()
    {
        var tokens = await host.ConnectPortalAsync();
        using var api = host.ApiClient(tokens.AccessToken);
        var remaining = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            var (ok, _) = await Json.SendAsync(api, HttpMethod.Get, $"/crm/owners/{SandboxHost.ApiVersion}");
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
            Assert.Equal("5", ok.Headers.GetValues("X-HubSpot-RateLimit-Max").Single());
            Assert.Equal("10000", ok.Headers.GetValues("X-HubSpot-RateLimit-Interval-Milliseconds").Single());
            remaining.Add(ok.Headers.GetValues("X-HubSpot-RateLimit-Remaining").Single());
        }

        Assert.Equal(["4", "3", "2", "1", "0"], remaining);
        var (limited, body) = await Json.SendAsync(api, HttpMethod.Get, $"/crm/owners/{SandboxHost.ApiVersion}");
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.Equal("TEN_SECONDLY_ROLLING", body.GetProperty("policyName").GetString());
        Assert.Equal("RATE_LIMIT", body.GetProperty("errorType").GetString());
        Assert.False(string.IsNullOrEmpty(body.GetProperty("correlationId").GetString()));

        clock.Advance(TimeSpan.FromSeconds(10));
        var (again, _) = await Json.SendAsync(api, HttpMethod.Get, $"/crm/owners/{SandboxHost.ApiVersion}");
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(1, (await host.Admin.GetStatsAsync(tokens.PortalId)).Status(429));
    }

    [Fact]
    public async Task Sixth_search_in_a_second_is_429_secondly_and_search_does_not_use_the_burst_window()
    {
        var tokens = await host.ConnectPortalAsync();
        using var api = host.ApiClient(tokens.AccessToken);
        for (var i = 0; i < 5; i++)
        {
            var (ok, _) = await Json.SendAsync(api, HttpMethod.Post, $"/crm/objects/{SandboxHost.ApiVersion}/contacts/search", new { query = "x" });
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        }

        var (limited, body) = await Json.SendAsync(api, HttpMethod.Post, $"/crm/objects/{SandboxHost.ApiVersion}/contacts/search", new { query = "x" });
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.Equal("SECONDLY", body.GetProperty("policyName").GetString());
        Assert.Equal("You have reached your secondly limit.", body.GetProperty("message").GetString());

        var (owners, _) = await Json.SendAsync(api, HttpMethod.Get, $"/crm/owners/{SandboxHost.ApiVersion}");
        Assert.Equal(HttpStatusCode.OK, owners.StatusCode);
        Assert.Equal("4", owners.Headers.GetValues("X-HubSpot-RateLimit-Remaining").Single());

        clock.Advance(TimeSpan.FromSeconds(1));
        var (later, _) = await Json.SendAsync(api, HttpMethod.Post, $"/crm/objects/{SandboxHost.ApiVersion}/contacts/search", new { query = "x" });
        Assert.Equal(HttpStatusCode.OK, later.StatusCode);
        var stats = await host.Admin.GetStatsAsync(tokens.PortalId);
        Assert.Equal(7, stats.Count("crm.search"));
        Assert.Equal(1, stats.Status(429));
    }

    [Fact]
    public async Task Limits_are_per_portal()
    {
        var first = await host.ConnectPortalAsync();
        var second = await host.ConnectPortalAsync();
        using var api1 = host.ApiClient(first.AccessToken);
        using var api2 = host.ApiClient(second.AccessToken);
        for (var i = 0; i < 5; i++)
        {
            await Json.SendAsync(api1, HttpMethod.Get, $"/crm/owners/{SandboxHost.ApiVersion}");
        }

        var (limited, _) = await Json.SendAsync(api1, HttpMethod.Get, $"/crm/owners/{SandboxHost.ApiVersion}");
        var (other, _) = await Json.SendAsync(api2, HttpMethod.Get, $"/crm/owners/{SandboxHost.ApiVersion}");
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.Equal(HttpStatusCode.OK, other.StatusCode);
    }
}
