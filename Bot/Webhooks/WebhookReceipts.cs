namespace HubSpotTeamsBot.Webhooks;

/// <summary>Why a webhook request was refused; the names appear in logs and in <c>status</c>.</summary>
public enum WebhookRefusal { MissingSignature, BadSignature, StaleTimestamp, TooLarge, Malformed, UnknownPortal, NotConfigured }

/// <summary>One portal's delivery health as this instance saw it.</summary>
/// <param name="LastReceivedAt">When the last accepted event of the portal arrived (null: none since start).</param>
/// <param name="EventsLast24Hours">Events accepted for the portal in the last 24 hours.</param>
/// <param name="FailedLast24Hours">Events whose handling failed (to be retried) or that were given up on, last 24 hours.</param>
/// <param name="LastFailure">The latest handling failure's reason (an exception type or a short text, never a secret).</param>
public sealed record PortalWebhookHealth(long PortalId, DateTimeOffset? LastReceivedAt, int EventsLast24Hours, int FailedLast24Hours, string? LastFailure);

/// <summary>Requests refused in the last 24 hours, in total and per reason.</summary>
public sealed record WebhookRefusals(int Last24Hours, IReadOnlyDictionary<WebhookRefusal, int> ByReason);

/// <summary>
/// Small delivery-health figures for <c>status</c>: per portal the last event received, events in the last 24 hours
/// and handling failures; refused requests per reason. Kept in memory per instance (they are counters for a glance,
/// not records; the audit log and the PoisonWebhooks table hold what must last), in hour buckets so a day's figures
/// cost 24 numbers per portal.
/// </summary>
public sealed class WebhookReceipts(TimeProvider time)
{
    private const int Hours = 24;
    private readonly Lock _gate = new();
    private readonly Dictionary<long, PortalCounters> _portals = [];
    private readonly Dictionary<WebhookRefusal, HourBuckets> _refusals = [];

    public void Accepted(long portalId, int events)
    {
        var now = time.GetUtcNow();
        lock (_gate)
        {
            var portal = Portal(portalId);
            portal.LastReceivedAt = now;
            portal.Events.Add(now, events);
        }
    }

    public void Refused(WebhookRefusal reason)
    {
        var now = time.GetUtcNow();
        lock (_gate)
        {
            if (!_refusals.TryGetValue(reason, out var buckets)) _refusals[reason] = buckets = new HourBuckets();
            buckets.Add(now, 1);
        }
    }

    public void Failed(long portalId, int events, string reason)
    {
        var now = time.GetUtcNow();
        lock (_gate)
        {
            var portal = Portal(portalId);
            portal.Failures.Add(now, events);
            portal.LastFailure = reason;
        }
    }

    public IReadOnlyList<PortalWebhookHealth> Portals()
    {
        var now = time.GetUtcNow();
        lock (_gate)
        {
            return _portals.OrderBy(p => p.Key)
                .Select(p => new PortalWebhookHealth(p.Key, p.Value.LastReceivedAt, p.Value.Events.Sum(now), p.Value.Failures.Sum(now), p.Value.LastFailure))
                .ToList();
        }
    }

    public PortalWebhookHealth Portal(long portalId, DateTimeOffset? at = null)
    {
        var now = at ?? time.GetUtcNow();
        lock (_gate)
        {
            return _portals.TryGetValue(portalId, out var p)
                ? new PortalWebhookHealth(portalId, p.LastReceivedAt, p.Events.Sum(now), p.Failures.Sum(now), p.LastFailure)
                : new PortalWebhookHealth(portalId, null, 0, 0, null);
        }
    }

    public WebhookRefusals RefusalsLast24Hours()
    {
        var now = time.GetUtcNow();
        lock (_gate)
        {
            var byReason = _refusals.ToDictionary(r => r.Key, r => r.Value.Sum(now));
            return new WebhookRefusals(byReason.Values.Sum(), byReason);
        }
    }

    private PortalCounters Portal(long portalId)
    {
        if (!_portals.TryGetValue(portalId, out var portal)) _portals[portalId] = portal = new PortalCounters();
        return portal;
    }

    private sealed class PortalCounters
    {
        public DateTimeOffset? LastReceivedAt;
        public string? LastFailure;
        public readonly HourBuckets Events = new();
        public readonly HourBuckets Failures = new();
    }

    /// <summary>Counts per clock hour for the last 24 hours; a bucket is reused once its hour is a day old.</summary>
    private sealed class HourBuckets
    {
        private readonly long[] _hour = new long[Hours];
        private readonly int[] _count = new int[Hours];

        public void Add(DateTimeOffset at, int n)
        {
            var hour = at.ToUnixTimeSeconds() / 3600;
            var slot = (int)(hour % Hours);
            if (_hour[slot] != hour)
            {
                _hour[slot] = hour;
                _count[slot] = 0;
            }
            _count[slot] += n;
        }

        public int Sum(DateTimeOffset now)
        {
            var current = now.ToUnixTimeSeconds() / 3600;
            var sum = 0;
            for (var i = 0; i < Hours; i++)
            {
                if (_hour[i] > current - Hours && _hour[i] <= current) sum += _count[i];
            }
            return sum;
        }
    }
}
