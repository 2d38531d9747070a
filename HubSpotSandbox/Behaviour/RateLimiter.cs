using System.Collections.Concurrent;
using HubSpotSandbox.Options;
using Microsoft.Extensions.Options;

namespace HubSpotSandbox.Behaviour;

/// <summary>
/// HubSpot's limits per portal: a rolling ten-second window for ordinary calls and a one-second window for
/// search. Always counted (headers are always sent); refusals only happen when enforcement is on.
/// </summary>
public sealed class RateLimiter(IOptions<SandboxOptions> options, TimeProvider time)
{
    public const int BurstIntervalMs = 10_000;
    private readonly ConcurrentDictionary<(long Portal, bool Search), SlidingWindow> windows = new();

    public int BurstMax => options.Value.RateLimits.RequestsPer10Seconds;

    /// <summary>Admits the call (or not, when enforcing and the window is full) and returns what is left.</summary>
    public (bool Admitted, int Remaining) Acquire(long portalId, bool search, bool enforce)
    {
        var max = search ? options.Value.RateLimits.SearchRequestsPerSecond : BurstMax;
        var span = search ? TimeSpan.FromSeconds(1) : TimeSpan.FromMilliseconds(BurstIntervalMs);
        var window = windows.GetOrAdd((portalId, search), _ => new SlidingWindow());
        return window.Acquire(time, span, max, enforce);
    }

    public void Reset() => windows.Clear();

    private sealed class SlidingWindow
    {
        private readonly Lock gate = new();
        private readonly Queue<DateTimeOffset> admitted = new();

        public (bool, int) Acquire(TimeProvider time, TimeSpan span, int max, bool enforce)
        {
            lock (gate)
            {
                // Read under the lock so the queue stays in time order: a time read before it could be enqueued
                // behind a later one, and the expiry below, which looks only at the head, would then keep it too long.
                var now = time.GetUtcNow();
                while (admitted.Count > 0 && admitted.Peek() <= now - span)
                {
                    admitted.Dequeue();
                }

                if (admitted.Count >= max && enforce)
                {
                    return (false, 0);
                }

                admitted.Enqueue(now);
                return (true, Math.Max(0, max - admitted.Count));
            }
        }
    }
}
