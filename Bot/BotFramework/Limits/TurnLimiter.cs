using System.Threading.RateLimiting;
using HubSpotTeamsBot.BotFramework.Routing;
using HubSpotTeamsBot.BotFramework.Schema;
using Microsoft.Extensions.Options;

namespace HubSpotTeamsBot.BotFramework.Limits;

/// <summary>
/// The router's first check on every turn: token buckets per person (turns and invokes apart) and per tenant, plus a
/// cap on one person's invokes in flight (System.Threading.RateLimiting). A refused turn costs a dictionary lookup.
/// </summary>
public sealed partial class TurnLimiter : ITurnLimiter, IDisposable
{
    public const string SlowDownText = "You're sending me requests faster than I can answer, so I skipped some. Please wait a moment and try again.";

    private readonly PartitionedRateLimiter<Activity> _limiter;
    private readonly RepeatCounter _told;
    private readonly RepeatCounter _logged;
    private readonly ILogger<TurnLimiter> _logger;

    public TurnLimiter(IOptions<TurnLimitOptions> options, TimeProvider clock, ILogger<TurnLimiter> logger)
    {
        var o = options.Value;
        _logger = logger;
        _told = new RepeatCounter(clock, o.RepeatWindow, 1);
        _logged = new RepeatCounter(clock, o.RepeatWindow, 1);
        _limiter = PartitionedRateLimiter.CreateChained(
            PartitionedRateLimiter.Create<Activity, string>(a => a.IsInvoke()
                ? RateLimitPartition.GetTokenBucketLimiter("i|" + UserKey(a), _ => Bucket(o.UserInvokeBurst, o.UserInvokesPerMinute))
                : RateLimitPartition.GetTokenBucketLimiter("t|" + UserKey(a), _ => Bucket(o.UserTurnBurst, o.UserTurnsPerMinute))),
            PartitionedRateLimiter.Create<Activity, string>(a => RateLimitPartition.GetTokenBucketLimiter(a.TenantId() ?? string.Empty, _ => Bucket(o.TenantBurst, o.TenantTurnsPerMinute))),
            PartitionedRateLimiter.Create<Activity, string>(a => a.IsInvoke()
                ? RateLimitPartition.GetConcurrencyLimiter(UserKey(a), _ => new ConcurrencyLimiterOptions { PermitLimit = o.UserConcurrentInvokes, QueueLimit = 0 })
                : RateLimitPartition.GetNoLimiter(string.Empty)));
    }

    public IDisposable? TryAcquire(TurnContext turn)
    {
        ArgumentNullException.ThrowIfNull(turn);
        var lease = _limiter.AttemptAcquire(turn.Activity);
        if (lease.IsAcquired) return lease;
        lease.Dispose();
        var who = UserKey(turn.Activity);
        var (write, held) = _logged.Next(who);
        if (write) LogLimited(_logger, who, turn.Activity.Type, held);
        return null;
    }

    /// <summary>Whether to tell this person "slow down" now: once per window, not once per dropped turn.</summary>
    public bool ShouldTell(TurnContext turn) => _told.Next(UserKey(turn.Activity)).Write;

    public void Dispose() => _limiter.Dispose();

    private static string UserKey(Activity a) => $"{a.TenantId()}|{a.From?.EntraObjectId ?? a.From?.Id}";

    private static TokenBucketRateLimiterOptions Bucket(int burst, int perMinute) => new()
    {
        TokenLimit = burst,
        // Refilled every second so a burst recovers smoothly; at least one token a second.
        ReplenishmentPeriod = TimeSpan.FromSeconds(1),
        TokensPerPeriod = Math.Max(1, (int)Math.Ceiling(perMinute / 60.0)),
        QueueLimit = 0,
        AutoReplenishment = true,
    };

    [LoggerMessage(Level = LogLevel.Warning, Message = "Turns from {User} are over the limit (a {Type} was answered 'slow down'); {HeldBack} more were limited in the window before without a line each")]
    private static partial void LogLimited(ILogger logger, string user, string? type, long heldBack);
}
