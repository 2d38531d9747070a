using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace HubSpotTeamsBot.HubSpot;

/// <summary>
/// Keeps each portal under HubSpot's burst limit (RequestsPer10Seconds) and its search limit (SearchRequestsPerSecond).
/// A call holds one of the limit's slots from before it is sent until a window (and a tenth) after its answer came
/// back, so any two calls sharing a slot reach HubSpot more than a window apart however long the trip there took.
/// (A sliding window over send times let a slow first request land close enough to a later one for HubSpot to count
/// both: its safety margin was one a busy machine's delays could exceed.)
/// Calls wait up to <see cref="HubSpotOptions.RateLimitWait"/> for a slot, then fail as rate limited.
/// </summary>
public sealed class PortalRateLimiter(IOptions<HubSpotOptions> options) : IDisposable
{
    private static readonly TimeSpan BurstWindow = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan SearchWindow = TimeSpan.FromSeconds(1);

    private readonly HubSpotOptions _options = options.Value;
    private readonly ConcurrentDictionary<(long Portal, bool Search), SemaphoreSlim> _slots = new();
    private readonly CancellationTokenSource _stopping = new();

    /// <summary>Waits for a slot; dispose the result once HubSpot has answered (or the call failed).</summary>
    public async Task<IDisposable> AcquireAsync(long portalId, bool isSearch, CancellationToken ct)
    {
        var slots = _slots.GetOrAdd((portalId, isSearch), key => new SemaphoreSlim(key.Search ? _options.SearchRequestsPerSecond : _options.RequestsPer10Seconds));
        if (!await slots.WaitAsync(_options.RateLimitWait, ct)) throw Rejected(isSearch);
        return new Slot(this, slots, isSearch ? SearchWindow : BurstWindow);
    }

    public void Dispose()
    {
        _stopping.Cancel();
        _stopping.Dispose();
        foreach (var slots in _slots.Values) slots.Dispose();
    }

    private async Task ReleaseAfterAsync(SemaphoreSlim slots, TimeSpan window)
    {
        try
        {
            // HubSpot counts in real time, whatever clock the rest of the app is given. The extra tenth of a window
            // is for clocks that disagree at the window's edge: without it, a heavily loaded machine still saw the odd
            // 429 from the sandbox's wall-clock window.
            await Task.Delay(window + (window / 10), _stopping.Token);
            slots.Release();
        }
        catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException)
        {
            // Shutting down: nobody waits for the slot any more.
        }
    }

    private static HubSpotRateLimitedException Rejected(bool isSearch) => isSearch
        ? new HubSpotRateLimitedException("Too many HubSpot searches for this portal right now; try again in a moment.", HubSpotRateLimitedException.LocalSearchPolicy, SearchWindow, null)
        : new HubSpotRateLimitedException("Too many HubSpot requests for this portal right now; try again in a few seconds.", HubSpotRateLimitedException.LocalBurstPolicy, null, null);

    private sealed class Slot(PortalRateLimiter limiter, SemaphoreSlim slots, TimeSpan window) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0) _ = limiter.ReleaseAfterAsync(slots, window);
        }
    }
}
