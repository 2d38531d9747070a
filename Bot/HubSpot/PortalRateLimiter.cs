using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace HubSpotTeamsBot.HubSpot;

/// <summary>
/// Keeps each portal under HubSpot's burst limit (RequestsPer10Seconds) and its search limit (SearchRequestsPerSecond).
/// A call holds one of the limit's slots from before it is sent until a window (and a tenth) after its answer came
/// back, so any two calls sharing a slot reach HubSpot more than a window apart however long the trip there took.
/// (A sliding window over send times let a slow first request land close enough to a later one for HubSpot to count
/// both: its safety margin was one a busy machine's delays could exceed.)
/// HubSpot's limits are per app and portal, not per instance: with a <see cref="SharedRateBudget"/> each call also takes
/// one of the portal's slots shared by all instances, so together they stay under the limits. The local slots stay in
/// front of it, so this instance's waiting callers queue here rather than all polling storage.
/// Calls wait up to <see cref="HubSpotOptions.RateLimitWait"/> for a slot (local and shared together), then fail as
/// rate limited. A call that ends without HubSpot's answer (timeout, lost connection) keeps its slot an attempt
/// timeout longer: HubSpot may still count it.
/// </summary>
public sealed class PortalRateLimiter(IOptions<HubSpotOptions> options, SharedRateBudget? shared = null) : IDisposable
{
    internal static readonly TimeSpan BurstWindow = TimeSpan.FromSeconds(10);
    internal static readonly TimeSpan SearchWindow = TimeSpan.FromSeconds(1);

    private readonly HubSpotOptions _options = options.Value;

    private readonly ConcurrentDictionary<(long Portal, bool Search), SemaphoreSlim> _slots = new();
    private readonly ConcurrentDictionary<(long Portal, bool Search), SemaphoreSlim> _sharedGates = new();
    private readonly CancellationTokenSource _stopping = new();

    /// <summary>
    /// Waits for a slot; dispose the result once HubSpot has answered, or call <see cref="Slot.Unanswered"/> when the
    /// call ended without an answer.
    /// </summary>
    public async Task<Slot> AcquireAsync(long portalId, bool isSearch, CancellationToken ct)
    {
        var deadline = DateTimeOffset.UtcNow + _options.RateLimitWait;
        var window = isSearch ? SearchWindow : BurstWindow;
        var slots = _slots.GetOrAdd((portalId, isSearch), key => new SemaphoreSlim(key.Search ? _options.SearchRequestsPerSecond : _options.RequestsPer10Seconds));
        if (!await slots.WaitAsync(_options.RateLimitWait, ct)) throw Rejected(isSearch);
        if (shared is null) return new Slot(this, slots, window, null);

        // One caller per portal and limit looks in storage at a time: the others wait here instead of all polling it.
        var gate = _sharedGates.GetOrAdd((portalId, isSearch), _ => new SemaphoreSlim(1, 1));
        SharedRateBudget.Slot? sharedSlot = null;
        try
        {
            var remaining = deadline - DateTimeOffset.UtcNow;
            if (remaining > TimeSpan.Zero && await gate.WaitAsync(remaining, ct))
            {
                try
                {
                    sharedSlot = await shared.AcquireAsync(portalId, isSearch, window, deadline, ct);
                }
                finally
                {
                    gate.Release();
                }
            }
        }
        catch
        {
            slots.Release(); // nothing was sent on this slot
            throw;
        }

        if (sharedSlot is null)
        {
            slots.Release();
            throw Rejected(isSearch);
        }

        return new Slot(this, slots, window, sharedSlot);
    }

    public void Dispose()
    {
        _stopping.Cancel();
        _stopping.Dispose();
        foreach (var slots in _slots.Values) slots.Dispose();
        foreach (var gate in _sharedGates.Values) gate.Dispose();
    }

    private async Task ReleaseAfterAsync(SemaphoreSlim slots, TimeSpan hold)
    {
        try
        {
            // HubSpot counts in real time, whatever clock the rest of the app is given. The extra tenth of a window in
            // every hold is for clocks that disagree at the window's edge: without it, a heavily loaded machine still
            // saw the odd 429 from the sandbox's wall-clock window.
            await Task.Delay(hold, _stopping.Token);
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

    /// <summary>A granted slot (local, and shared when the budget is shared), held until a while after the call ends.</summary>
    public sealed class Slot : IDisposable
    {
        private readonly PortalRateLimiter _limiter;
        private readonly SemaphoreSlim _slots;
        private readonly TimeSpan _window;
        private readonly SharedRateBudget.Slot? _shared;
        private int _released;

        internal Slot(PortalRateLimiter limiter, SemaphoreSlim slots, TimeSpan window, SharedRateBudget.Slot? shared)
        {
            _limiter = limiter;
            _slots = slots;
            _window = window;
            _shared = shared;
        }

        /// <summary>HubSpot answered: the slot is held for a window and a tenth from now.</summary>
        public void Dispose() => Release(answered: true);

        /// <summary>The call ended without an answer: held for an attempt timeout more, as HubSpot may count it late.</summary>
        public void Unanswered() => Release(answered: false);

        private void Release(bool answered)
        {
            if (Interlocked.Exchange(ref _released, 1) != 0) return;
            _shared?.Release(answered);
            _ = _limiter.ReleaseAfterAsync(_slots, SharedRateBudget.HoldAfter(_window, answered, _limiter._options));
        }
    }
}
