using System.Globalization;
using Azure;
using Azure.Data.Tables;
using HubSpotTeamsBot.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace HubSpotTeamsBot.HubSpot;

/// <summary>
/// A portal's HubSpot budget shared by every instance through Table storage. Each limit (the ten-second burst, the
/// search limit) is a partition of as many slot rows as the limit allows; a call takes a free slot with the row's ETag
/// (so two instances never take the same one) and holds it, exactly as <see cref="PortalRateLimiter"/> holds its local
/// slots, until a window and a tenth after HubSpot's answer. Whatever the number of instances, no more calls than the
/// limit can be in one window. While a call is in flight its slot is marked held for the attempt timeout plus a window,
/// so a slot taken by an instance that dies frees itself; a call that got no answer keeps it that long from its end.
/// The table is the only record of what the instances spent, so while storage cannot be read no call goes out: the
/// caller waits for storage like for a free slot, up to its deadline, and is then told HubSpot is busy. (Each instance
/// keeping to a share of the limit during an outage was tried: the calls of the window before the outage, and the
/// outage calls themselves once storage was back, were in no one's count, and HubSpot answered 429.)
/// </summary>
public sealed class SharedRateBudget
{
    internal const string Table = "HubSpotRateSlots";
    private static readonly TimeSpan MinPoll = TimeSpan.FromMilliseconds(10);
    private static readonly TimeSpan MaxPoll = TimeSpan.FromMilliseconds(200);
    /// <summary>How long a caller waits before asking storage again after it failed to answer.</summary>
    private static readonly TimeSpan OutagePoll = TimeSpan.FromMilliseconds(250);

    private readonly StorageTables _tables;
    private readonly HubSpotOptions _options;
    private readonly ILogger<SharedRateBudget> _logger;
    private readonly string _holder = Guid.NewGuid().ToString("N");
    private int _unreadable;

    internal SharedRateBudget(StorageTables tables, IOptions<HubSpotOptions> options, ILogger<SharedRateBudget> logger)
    {
        _tables = tables;
        _options = options.Value;
        _logger = logger;
    }

    /// <summary>
    /// Takes one of the portal's shared slots, waiting until <paramref name="deadline"/> at most, for a free slot or
    /// for storage to answer. Null when none came free in time (the caller reports the call as rate limited).
    /// </summary>
    /// <remarks>Times are real time (HubSpot counts in real time, whatever clock the rest of the app is given), and every
    /// instance compares them with its own clock: the tenth of a window added to each hold covers clocks that disagree.</remarks>
    public async Task<Slot?> AcquireAsync(long portalId, bool isSearch, TimeSpan window, DateTimeOffset deadline, CancellationToken ct)
    {
        var limit = isSearch ? _options.SearchRequestsPerSecond : _options.RequestsPer10Seconds;
        var partition = string.Create(CultureInfo.InvariantCulture, $"{portalId}-{(isSearch ? "search" : "burst")}");
        // A slow storage answer must not eat the time the HubSpot call itself needs: at the deadline we stop looking.
        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(ct);
        bounded.CancelAfter(Max(deadline - DateTimeOffset.UtcNow, TimeSpan.Zero));
        var token = bounded.Token;
        try
        {
            while (true)
            {
                TimeSpan pause;
                try
                {
                    var (free, nextFree) = await FreeSlotsAsync(partition, limit, token);
                    Readable();
                    foreach (var candidate in free)
                    {
                        if (await TryTakeAsync(partition, candidate, window, token) is { } etag)
                        {
                            return new Slot(this, partition, candidate.RowKey, etag, window);
                        }
                    }

                    // Sleep until the first slot comes free (a few ms of jitter keeps instances from waking together).
                    pause = free.Count > 0 ? MinPoll : Clamp(nextFree - DateTimeOffset.UtcNow) + TimeSpan.FromMilliseconds(Random.Shared.Next(0, 15));
                }
                catch (Exception e) when (e is StorageUnavailableException or RequestFailedException)
                {
                    Unreadable(e);
                    pause = OutagePoll;
                }

                var now = DateTimeOffset.UtcNow;
                if (now >= deadline)
                {
                    return null;
                }

                await Task.Delay(Min(pause, deadline - now), token);
            }
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return null; // the deadline passed while storage was answering (or not)
        }
    }

    /// <summary>Logs the first failure of an outage (and the recovery), not every caller's.</summary>
    private void Unreadable(Exception e)
    {
        if (Interlocked.Exchange(ref _unreadable, 1) == 0)
        {
            _logger.LogWarning("The shared HubSpot budget could not be read ({Error}); HubSpot calls wait for storage", e.GetType().Name);
        }
    }

    private void Readable()
    {
        if (Interlocked.Exchange(ref _unreadable, 0) == 1)
        {
            _logger.LogInformation("The shared HubSpot budget can be read again");
        }
    }

    private async Task<(List<Candidate> Free, DateTimeOffset NextFree)> FreeSlotsAsync(string partition, int limit, CancellationToken ct)
    {
        var now = DateTimeOffset.UtcNow;
        var seen = new Dictionary<string, Candidate>(StringComparer.Ordinal);
        var nextFree = DateTimeOffset.MaxValue;
        await _tables.RunAsync(Table, async table =>
        {
            var filter = TableClient.CreateQueryFilter($"PartitionKey eq {partition}");
            await foreach (var row in table.QueryAsync<TableEntity>(filter, select: ["RowKey", "HeldUntil"], cancellationToken: ct))
            {
                var heldUntil = row.GetDateTimeOffset("HeldUntil") ?? DateTimeOffset.MinValue;
                seen[row.RowKey] = new Candidate(row.RowKey, row.ETag, heldUntil <= now);
                if (heldUntil > now && heldUntil < nextFree) nextFree = heldUntil;
            }
        }, ct);

        var free = new List<Candidate>();
        for (var i = 0; i < limit; i++)
        {
            var key = SlotKey(i);
            if (!seen.TryGetValue(key, out var candidate)) free.Add(new Candidate(key, null, true));
            else if (candidate.Free) free.Add(candidate);
        }

        // A random order, so instances looking at the same free slots mostly try different ones.
        var shuffled = free.ToArray();
        Random.Shared.Shuffle(shuffled);
        return ([.. shuffled.Take(3)], nextFree);
    }

    private async Task<ETag?> TryTakeAsync(string partition, Candidate candidate, TimeSpan window, CancellationToken ct)
    {
        // Held for the whole attempt plus a window: if this instance dies before the answer, the slot frees itself late
        // enough that the call it covered is out of HubSpot's window.
        var entity = Held(partition, candidate.RowKey, DateTimeOffset.UtcNow + _options.AttemptTimeout + Hold(window));
        try
        {
            var response = await _tables.RunAsync(Table, table => candidate.ETag is { } etag
                ? table.UpdateEntityAsync(entity, etag, TableUpdateMode.Replace, ct)
                : table.AddEntityAsync(entity, ct), ct);
            return response.Headers.ETag;
        }
        catch (StorageConflictException)
        {
            return null; // another instance took it first
        }
    }

    private async Task ReleaseAsync(string partition, string rowKey, ETag etag, TimeSpan window, bool answered)
    {
        try
        {
            var entity = Held(partition, rowKey, DateTimeOffset.UtcNow + HoldAfter(window, answered, _options));
            await _tables.RunAsync(Table, table => table.UpdateEntityAsync(entity, etag, TableUpdateMode.Replace, CancellationToken.None), CancellationToken.None);
        }
        catch (Exception e) when (e is StorageConflictException or StorageUnavailableException or RequestFailedException)
        {
            // The in-flight hold stays: the slot frees itself a little later than it could have.
        }
    }

    private TableEntity Held(string partition, string rowKey, DateTimeOffset until) => new(partition, rowKey)
    {
        ["HeldUntil"] = until,
        ["Holder"] = _holder,
    };

    internal static TimeSpan Hold(TimeSpan window) => window + (window / 10);

    /// <summary>
    /// How long a slot stays held after its call ended. After an answer, a window and a tenth: HubSpot counted the call
    /// before it answered. A call that ended without an answer (timed out, connection lost) may still be sitting in
    /// HubSpot's queue and be counted later, so its slot is kept for one more attempt timeout as well.
    /// </summary>
    internal static TimeSpan HoldAfter(TimeSpan window, bool answered, HubSpotOptions options) =>
        answered ? Hold(window) : options.AttemptTimeout + Hold(window);

    private static string SlotKey(int index) => index.ToString("D4", CultureInfo.InvariantCulture);

    private static TimeSpan Clamp(TimeSpan wait) => wait < MinPoll ? MinPoll : wait > MaxPoll ? MaxPoll : wait;

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    private sealed record Candidate(string RowKey, ETag? ETag, bool Free);

    /// <summary>A shared slot this instance holds; <see cref="Release"/> once the call has ended.</summary>
    public sealed class Slot
    {
        private readonly SharedRateBudget _budget;
        private readonly string _partition;
        private readonly string _rowKey;
        private readonly ETag _etag;
        private readonly TimeSpan _window;

        internal Slot(SharedRateBudget budget, string partition, string rowKey, ETag etag, TimeSpan window)
        {
            _window = window;
            _budget = budget;
            _partition = partition;
            _rowKey = rowKey;
            _etag = etag;
        }

        /// <summary>Shortens the in-flight hold to <see cref="HoldAfter"/> from now, in the background.</summary>
        public void Release(bool answered) => _ = _budget.ReleaseAsync(_partition, _rowKey, _etag, _window, answered);
    }
}
