using System.Collections.Concurrent;
using System.Threading.RateLimiting;

namespace HubSpotTeamsBot.Features.Notifications;

/// <summary>
/// Keeps proactive sends under Teams' published limits: per bot per conversation 7 sends in 1 s, 8 in 2 s, 60 in 30 s
/// and 1,800 in an hour, and about 50 requests a second per tenant. Each limit is kept one below Teams' figure, over a window 150 ms longer than Teams'.
/// Per conversation the pacer keeps the send times of the last hour and waits for the earliest moment every window
/// allows: System.Threading.RateLimiting's window limiters are exact only per fixed or segmented window and can let
/// nearly twice a limit through across a window edge, and Teams counts any window. The tenant limit is a token bucket
/// (System.Threading.RateLimiting) sized so that no second holds more than 43 sends.
/// </summary>
public sealed class ConversationPacer(TimeProvider clock) : IDisposable
{
    public static readonly IReadOnlyList<(int Limit, TimeSpan Window)> ConversationLimits =
    [
        (6, TimeSpan.FromSeconds(1)),
        (7, TimeSpan.FromSeconds(2)),
        (59, TimeSpan.FromSeconds(30)),
        (1_799, TimeSpan.FromHours(1)),
    ];

    /// <summary>Added to every window: requests sent at given gaps can reach Teams a little closer together.</summary>
    public static readonly TimeSpan Margin = TimeSpan.FromMilliseconds(150);

    private static readonly TimeSpan Longest = ConversationLimits.Max(l => l.Window) + Margin;
    private readonly ConcurrentDictionary<string, List<DateTimeOffset>> _sends = new(StringComparer.Ordinal);

    private readonly PartitionedRateLimiter<string> _tenants = PartitionedRateLimiter.Create<string, string>(tenant =>
        RateLimitPartition.GetTokenBucketLimiter(tenant, _ => new TokenBucketRateLimiterOptions
        {
            TokenLimit = 10,
            TokensPerPeriod = 3,
            ReplenishmentPeriod = TimeSpan.FromMilliseconds(100),
            QueueLimit = int.MaxValue,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
            AutoReplenishment = true,
        }));

    /// <summary>Waits until one more send to the conversation stays within every limit, and counts it.</summary>
    public async Task WaitTurnAsync(string tenantId, string conversationId, CancellationToken ct)
    {
        var log = _sends.GetOrAdd(tenantId + "|" + conversationId, _ => []);
        while (true)
        {
            TimeSpan wait;
            lock (log)
            {
                var now = clock.GetUtcNow();
                log.RemoveAll(t => t <= now - Longest);
                wait = WaitFor(log, now);
                if (wait <= TimeSpan.Zero)
                {
                    log.Add(now);
                    break;
                }
            }
            await Task.Delay(wait, clock, ct);
        }

        using var lease = await _tenants.AcquireAsync(tenantId, 1, ct);
        if (!lease.IsAcquired) throw new InvalidOperationException("The tenant's send limiter refused a permit it should have queued.");
    }

    /// <summary>How long until a send at <paramref name="now"/> fits every window, given the sorted past sends.</summary>
    internal static TimeSpan WaitFor(IReadOnlyList<DateTimeOffset> sends, DateTimeOffset now)
    {
        var wait = TimeSpan.Zero;
        foreach (var (limit, exact) in ConversationLimits)
        {
            var window = exact + Margin;
            var inWindow = 0;
            for (var i = sends.Count - 1; i >= 0 && sends[i] > now - window; i--) inWindow++;
            if (inWindow < limit) continue;
            // The window frees up when the limit-th most recent send leaves it.
            var freedAt = sends[sends.Count - limit] + window;
            var needed = freedAt - now + TimeSpan.FromMilliseconds(1);
            if (needed > wait) wait = needed;
        }
        return wait;
    }

    public void Dispose() => _tenants.Dispose();
}
