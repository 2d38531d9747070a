using HubSpotTeamsBot.HubSpot;
using Microsoft.Extensions.Options;

namespace Bot.Tests.HubSpot;

public class PortalRateLimiterTests
{
    private static PortalRateLimiter Limiter(int general, int search) => new(Options.Create(new HubSpotOptions
    {
        RequestsPer10Seconds = general,
        SearchRequestsPerSecond = search,
        RateLimitWait = TimeSpan.FromMilliseconds(100),
    }));

    [Fact]
    public async Task Beyond_the_burst_limit_a_call_fails_as_locally_rate_limited()
    {
        using var limiter = Limiter(general: 3, search: 5);
        for (var i = 0; i < 3; i++)
        {
            await limiter.AcquireAsync(1, isSearch: false, CancellationToken.None);
        }

        var error = await Assert.ThrowsAsync<HubSpotRateLimitedException>(() => limiter.AcquireAsync(1, isSearch: false, CancellationToken.None));

        Assert.Equal(HubSpotRateLimitedException.LocalBurstPolicy, error.PolicyName);
        Assert.Equal(429, error.StatusCode);
    }

    [Fact]
    public async Task Portals_and_search_have_their_own_budgets()
    {
        using var limiter = Limiter(general: 1, search: 1);
        await limiter.AcquireAsync(1, isSearch: false, CancellationToken.None);

        await limiter.AcquireAsync(2, isSearch: false, CancellationToken.None);
        await limiter.AcquireAsync(1, isSearch: true, CancellationToken.None);
        var error = await Assert.ThrowsAsync<HubSpotRateLimitedException>(() => limiter.AcquireAsync(1, isSearch: true, CancellationToken.None));

        Assert.Equal(HubSpotRateLimitedException.LocalSearchPolicy, error.PolicyName);
    }

    [Fact]
    public async Task A_slot_is_held_while_its_call_is_in_flight_and_for_a_window_after_the_answer()
    {
        using var limiter = Limiter(general: 3, search: 1);
        var slot = await limiter.AcquireAsync(1, isSearch: true, CancellationToken.None);
        // A slow call: longer than the search window (1 s), after which a limiter counting from the send would let another go.
        await Task.Delay(TimeSpan.FromSeconds(1.5));

        await Assert.ThrowsAsync<HubSpotRateLimitedException>(() => limiter.AcquireAsync(1, isSearch: true, CancellationToken.None));
        slot.Dispose();
        // Answered just now: HubSpot may have received the call just now too, so the slot waits out a window (1 s).
        await Assert.ThrowsAsync<HubSpotRateLimitedException>(() => limiter.AcquireAsync(1, isSearch: true, CancellationToken.None));
    }

    [Fact]
    public async Task A_call_that_got_no_answer_keeps_its_slot_an_attempt_timeout_longer()
    {
        using var limiter = new PortalRateLimiter(Options.Create(new HubSpotOptions
        {
            SearchRequestsPerSecond = 1,
            RateLimitWait = TimeSpan.FromMilliseconds(100),
            AttemptTimeout = TimeSpan.FromSeconds(2),
        }));
        var slot = await limiter.AcquireAsync(1, isSearch: true, CancellationToken.None);
        slot.Unanswered(); // timed out: the request may still be counted by HubSpot when it gets there

        // An answered call's slot would be back after 1.1 s; this one waits 2 s more.
        await Task.Delay(TimeSpan.FromSeconds(1.5));

        await Assert.ThrowsAsync<HubSpotRateLimitedException>(() => limiter.AcquireAsync(1, isSearch: true, CancellationToken.None));
    }

    [Fact]
    public async Task Caller_cancellation_is_not_reported_as_rate_limiting()
    {
        using var limiter = Limiter(general: 1, search: 1);
        await limiter.AcquireAsync(1, isSearch: false, CancellationToken.None);
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => limiter.AcquireAsync(1, isSearch: false, cancelled.Token));
    }
}
