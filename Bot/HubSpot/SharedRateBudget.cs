using System.Collections.Concurrent;
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
/// so a slot taken by an instance that dies frees itself.
/// Storage trouble must not stop HubSpot calls: after a failure the shared budget is skipped for a while and each
/// instance keeps to its share of the limit, the limit divided among the instances it last saw holding slots (logged
/// as a warning). Without that share, N instances falling back at once would each spend the whole budget.
/// </summary>
public sealed class SharedRateBudget
{
    internal const string Table = "HubSpotRateSlots";
    private static readonly TimeSpan OutageBackoff = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan MinPoll = TimeSpan.FromMilliseconds(10);
    private static readonly TimeSpan MaxPoll = TimeSpan.FromMilliseconds(200);
    /// <summary>An instance that held one of a portal's slots this recently counts as one that shares the budget.</summary>
    private static readonly TimeSpan PeerHorizon = TimeSpan.FromMinutes(1);

    private readonly StorageTables _tables;
    private readonly HubSpotOptions _options;
    private readonly ILogger<SharedRateBudget> _logger;
    private readonly string _holder = Guid.NewGuid().ToString("N");
    private long _skipUntilTicks;
    private int _instancesSeen = 1;
    private ConcurrentDictionary<string, SemaphoreSlim> _outageShares = new(StringComparer.Ordinal);

    internal SharedRateBudget(StorageTables tables, IOptions<HubSpotOptions> options, ILogger<SharedRateBudget> logger)
    {
        _tables = tables;
        _options = options.Value;
        _logger = logger;
    }

    /// <summary>
    /// Takes one of the portal's shared slots, waiting until <paramref name="deadline"/> at most. Null when none came
    /// free in time (the caller reports the call as rate limited); while storage is unavailable, a slot of this instance's share of the limit.
    /// </summary>
    /// <remarks>Times are real time (HubSpot counts in real time, whatever clock the rest of the app is given), and every
    /// instance compares them with its own clock: the tenth of a window added to each hold covers clocks that disagree.</remarks>
    public async Task<Slot?> AcquireAsync(long portalId, bool isSearch, TimeSpan window, DateTimeOffset deadline, CancellationToken ct)
    {
        var limit = isSearch ? _options.SearchRequestsPerSecond : _options.RequestsPer10Seconds;
        var partition = string.Create(CultureInfo.InvariantCulture, $"{portalId}-{(isSearch ? "search" : "burst")}");
        if (DateTimeOffset.UtcNow.UtcTicks < Interlocked.Read(ref _skipUntilTicks))
        {
            return await AcquireOutageShareAsync(partition, limit, window, deadline, ct);
        }
        // A slow storage answer must not eat the time the HubSpot call itself needs: at the deadline we stop looking.
        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(ct);
        bounded.CancelAfter(Max(deadline - DateTimeOffset.UtcNow, TimeSpan.Zero));
        var token = bounded.Token;
        try
        {
            while (true)
            {
                var (free, nextFree) = await FreeSlotsAsync(partition, limit, token);
                foreach (var candidate in free)
                {
                    if (await TryTakeAsync(partition, candidate, window, token) is { } etag)
                    {
                        return new Slot(this, partition, candidate.RowKey, etag, window);
                    }
                }

                var now = DateTimeOffset.UtcNow;
                if (now >= deadline)
                {
                    return null;
                }

                // Sleep until the first slot comes free (a few ms of jitter keeps instances from waking together).
                var pause = free.Count > 0 ? MinPoll : Clamp(nextFree - now) + TimeSpan.FromMilliseconds(Random.Shared.Next(0, 15));
                await Task.Delay(Min(pause, deadline - now), token);
            }
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return null; // the deadline passed while storage was answering
        }
        catch (Exception e) when (e is StorageUnavailableException or RequestFailedException)
        {
            SkipFor(OutageBackoff);
            _logger.LogWarning("The shared HubSpot budget could not be read ({Error}); for {Backoff} this instance keeps to 1/{Instances} of each limit",
                e.GetType().Name, OutageBackoff, Volatile.Read(ref _instancesSeen));
            return await AcquireOutageShareAsync(partition, limit, window, deadline, ct);
        }
    }

    /// <summary>Stops reading the shared budget for <paramref name="outage"/>: each call takes this instance's share instead.</summary>
    internal void SkipFor(TimeSpan outage)
    {
        Interlocked.Exchange(ref _outageShares, new ConcurrentDictionary<string, SemaphoreSlim>(StringComparer.Ordinal));
        Interlocked.Exchange(ref _skipUntilTicks, (DateTimeOffset.UtcNow + outage).UtcTicks);
    }

    private async Task<Slot?> AcquireOutageShareAsync(string partition, int limit, TimeSpan window, DateTimeOffset deadline, CancellationToken ct)
    {
        var share = _outageShares.GetOrAdd(partition, _ => new SemaphoreSlim(Math.Max(1, limit / Volatile.Read(ref _instancesSeen))));
        return await share.WaitAsync(Max(deadline - DateTimeOffset.UtcNow, TimeSpan.Zero), ct) ? new Slot(share, window) : null;
    }

    private async Task<(List<Candidate> Free, DateTimeOffset NextFree)> FreeSlotsAsync(string partition, int limit, CancellationToken ct)
    {
        var now = DateTimeOffset.UtcNow;
        var seen = new Dictionary<string, Candidate>(StringComparer.Ordinal);
        var holders = new HashSet<string>(StringComparer.Ordinal) { _holder };
        var nextFree = DateTimeOffset.MaxValue;
        await _tables.RunAsync(Table, async table =>
        {
            var filter = TableClient.CreateQueryFilter($"PartitionKey eq {partition}");
            await foreach (var row in table.QueryAsync<TableEntity>(filter, select: ["RowKey", "HeldUntil", "Holder"], cancellationToken: ct))
            {
                var heldUntil = row.GetDateTimeOffset("HeldUntil") ?? DateTimeOffset.MinValue;
                seen[row.RowKey] = new Candidate(row.RowKey, row.ETag, heldUntil <= now);
                if (heldUntil > now && heldUntil < nextFree) nextFree = heldUntil;
                if (heldUntil > now - PeerHorizon && row.GetString("Holder") is { } holder) holders.Add(holder);
            }
        }, ct);
        Volatile.Write(ref _instancesSeen, holders.Count);

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

    private async Task ReleaseAsync(string partition, string rowKey, ETag etag, TimeSpan window)
    {
        try
        {
            var entity = Held(partition, rowKey, DateTimeOffset.UtcNow + Hold(window));
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

    private static string SlotKey(int index) => index.ToString("D4", CultureInfo.InvariantCulture);

    private static TimeSpan Clamp(TimeSpan wait) => wait < MinPoll ? MinPoll : wait > MaxPoll ? MaxPoll : wait;

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    private sealed record Candidate(string RowKey, ETag? ETag, bool Free);

    /// <summary>A shared slot this instance holds; <see cref="Release"/> once HubSpot has answered.</summary>
    public sealed class Slot
    {
        private readonly SharedRateBudget? _budget;
        private readonly SemaphoreSlim? _outageShare;
        private readonly string _partition;
        private readonly string _rowKey;
        private readonly ETag _etag;
        private readonly TimeSpan _window;

        internal Slot(SharedRateBudget? budget, string partition, string rowKey, ETag etag, TimeSpan window)
        {
            _window = window;
            _budget = budget;
            _partition = partition;
            _rowKey = rowKey;
            _etag = etag;
        }

        /// <summary>A slot of this instance's share of the limit while storage is unavailable.</summary>
        internal Slot(SemaphoreSlim outageShare, TimeSpan window) : this(null, "", "", default, window) => _outageShare = outageShare;

        /// <summary>Shortens the hold to a window and a tenth from now (the answer), in the background.</summary>
        public void Release()
        {
            if (_budget is not null) _ = _budget.ReleaseAsync(_partition, _rowKey, _etag, _window);
            if (_outageShare is { } share) _ = Task.Delay(Hold(_window)).ContinueWith(_ => share.Release(), TaskScheduler.Default);
        }
    }
}
