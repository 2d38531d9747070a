using System.Diagnostics;
using System.Net;
using Bot.Tests.Harness;

namespace Bot.Tests.Sandbox;

/// <summary>The behaviour switches: forced 429s, injected errors and latency. Each test uses its own host (switches are global).</summary>
public sealed class SandboxBehaviourTests : IDisposable
{
    private readonly SandboxHost host = SandboxHost.Start();

    public void Dispose() => host.Dispose();

    [Fact]
    public async Task Forced_429s_come_first_then_calls_succeed_and_stats_count_them()
    {
        var tokens = await host.ConnectPortalAsync();
        using var api = host.ApiClient(tokens.AccessToken);
        await host.Admin.SetBehaviourAsync(new { force429Count = 2 });
        var statuses = new List<HttpStatusCode>();
        string? policy = null;
        for (var i = 0; i < 3; i++)
        {
            var (response, body) = await Json.SendAsync(api, HttpMethod.Get, $"/crm/objects/{SandboxHost.ApiVersion}/contacts");
            statuses.Add(response.StatusCode);
            policy ??= response.StatusCode == HttpStatusCode.TooManyRequests ? body.GetProperty("policyName").GetString() : null;
        }

        Assert.Equal([HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests, HttpStatusCode.OK], statuses);
        Assert.Equal("TEN_SECONDLY_ROLLING", policy);
        var stats = await host.Admin.GetStatsAsync(tokens.PortalId);
        Assert.Equal(2, stats.Status(429));
        Assert.Equal(3, stats.Count("crm.list"));
    }

    [Fact]
    public async Task Error_rate_one_fails_every_call_with_the_configured_status_and_zero_fails_none()
    {
        var tokens = await host.ConnectPortalAsync();
        using var api = host.ApiClient(tokens.AccessToken);
        await host.Admin.SetBehaviourAsync(new { errorRate = 1.0, errorStatusCode = 503 });
        var (failed, body) = await Json.SendAsync(api, HttpMethod.Get, $"/crm/owners/{SandboxHost.ApiVersion}");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, failed.StatusCode);
        Assert.Equal(failed.Headers.GetValues("X-HubSpot-Correlation-Id").Single(), body.GetProperty("correlationId").GetString());

        await host.Admin.SetBehaviourAsync(new { errorRate = 0.0 });
        var (ok, _) = await Json.SendAsync(api, HttpMethod.Get, $"/crm/owners/{SandboxHost.ApiVersion}");
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
    }

    [Fact]
    public async Task Failed_token_requests_fail_the_next_refreshes_then_recover()
    {
        var tokens = await host.ConnectPortalAsync();
        await host.Admin.SetBehaviourAsync(new { failTokenRequests = 1, errorStatusCode = 503 });
        var form = new Dictionary<string, string>
        {
            ["grant_type"] = "refresh_token", ["client_id"] = SandboxHost.ClientId, ["client_secret"] = SandboxHost.ClientSecret,
            ["refresh_token"] = tokens.RefreshToken,
        };
        using var failed = await host.PostFormAsync($"/oauth/{SandboxHost.ApiVersion}/token", form);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, failed.StatusCode);
        using var recovered = await host.PostFormAsync($"/oauth/{SandboxHost.ApiVersion}/token", form);
        Assert.Equal(HttpStatusCode.OK, recovered.StatusCode);

        // API calls are not affected by this switch.
        await host.Admin.SetBehaviourAsync(new { failTokenRequests = 5 });
        using var api = host.ApiClient(tokens.AccessToken);
        var (call, _) = await Json.SendAsync(api, HttpMethod.Get, $"/crm/owners/{SandboxHost.ApiVersion}");
        Assert.Equal(HttpStatusCode.OK, call.StatusCode);
    }

    [Fact]
    public async Task Latency_delays_api_calls()
    {
        var tokens = await host.ConnectPortalAsync();
        using var api = host.ApiClient(tokens.AccessToken);
        await host.Admin.SetBehaviourAsync(new { latencyMs = 300 });
        var watch = Stopwatch.StartNew();
        var (response, _) = await Json.SendAsync(api, HttpMethod.Get, $"/crm/owners/{SandboxHost.ApiVersion}");
        watch.Stop();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(watch.ElapsedMilliseconds >= 290, $"took {watch.ElapsedMilliseconds} ms");
    }

    [Fact]
    public async Task Invalid_switch_values_are_refused()
    {
        using var response = await host.Http.PostAsync(new Uri("/_sandbox/behaviour", UriKind.Relative),
            System.Net.Http.Json.JsonContent.Create(new { errorRate = 2.5 }));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }
}
