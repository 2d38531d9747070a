using System.Collections.Concurrent;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace HubSpotTeamsBot.HubSpot;

/// <summary>
/// Keeps each portal under HubSpot's burst limit (RequestsPer10Seconds) and its search limit (SearchRequestsPerSecond).
/// Calls wait up to <see cref="HubSpotOptions.RateLimitWait"/> for a slot, then fail as rate limited.
/// </summary>
public sealed class PortalRateLimiter(IOptions<HubSpotOptions> options) : IDisposable
{
    private const int SafetySegments = 2;

    private readonly HubSpotOptions _options = options.Value;
    private readonly ConcurrentDictionary<long, Lazy<RateLimiter>> _general = new();
    private readonly ConcurrentDictionary<long, Lazy<RateLimiter>> _search = new();

    public async Task AcquireAsync(long portalId, bool isSearch, CancellationToken ct)
    {
        var limiter = isSearch
            ? _search.GetOrAdd(portalId, _ => new Lazy<RateLimiter>(() => Create(_options.SearchRequestsPerSecond, TimeSpan.FromSeconds(1), segments: 10))).Value
            : _general.GetOrAdd(portalId, _ => new Lazy<RateLimiter>(() => Create(_options.RequestsPer10Seconds, TimeSpan.FromSeconds(10), segments: 20))).Value;

        using var wait = CancellationTokenSource.CreateLinkedTokenSource(ct);
        wait.CancelAfter(_options.RateLimitWait);
        RateLimitLease lease;
        try
        {
            lease = await limiter.AcquireAsync(1, wait.Token);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            throw Rejected(isSearch, null);
        }

        using (lease)
        {
            if (!lease.IsAcquired)
            {
                throw Rejected(isSearch, lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : null);
            }
        }
    }

    public void Dispose()
    {
        foreach (var limiter in _general.Values.Concat(_search.Values).Where(l => l.IsValueCreated))
        {
            limiter.Value.Dispose();
        }
    }

    /// <summary>
    /// A sliding window returns a segment's permits one window after that segment started, so a request made at the end
    /// of a segment could share its permit with one made a segment short of the window later. Two extra segments keep
    /// every pair of requests sharing a permit at least the real window plus one segment apart, which also absorbs
    /// the jitter between leaving here and arriving at HubSpot.
    /// </summary>
    private static SlidingWindowRateLimiter Create(int permits, TimeSpan window, int segments)
    {
        var segment = window / segments;
        return new SlidingWindowRateLimiter(new SlidingWindowRateLimiterOptions
        {
            PermitLimit = permits,
            Window = window + (segment * SafetySegments),
            SegmentsPerWindow = segments + SafetySegments,
            QueueLimit = int.MaxValue,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
            AutoReplenishment = true,
        });
    }

    private static HubSpotRateLimitedException Rejected(bool isSearch, TimeSpan? retryAfter) => isSearch
        ? new HubSpotRateLimitedException("Too many HubSpot searches for this portal right now; try again in a moment.", HubSpotRateLimitedException.LocalSearchPolicy, retryAfter ?? TimeSpan.FromSeconds(1), null)
        : new HubSpotRateLimitedException("Too many HubSpot requests for this portal right now; try again in a few seconds.", HubSpotRateLimitedException.LocalBurstPolicy, retryAfter, null);
}
