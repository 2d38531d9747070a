namespace HubSpotTeamsBot.HubSpot;

/// <summary>
/// Too many requests: either HubSpot answered 429 (<see cref="PolicyName"/> e.g. TEN_SECONDLY_ROLLING, DAILY) or the
/// bot's own per-portal limiter could not grant a slot in time (<see cref="LocalBurstPolicy"/>, <see cref="LocalSearchPolicy"/>).
/// </summary>
public sealed class HubSpotRateLimitedException(string message, string? policyName, TimeSpan? retryAfter, string? correlationId)
    : HubSpotException(message, 429, "RATE_LIMITS", correlationId)
{
    public const string LocalBurstPolicy = "LOCAL_TEN_SECONDLY";
    public const string LocalSearchPolicy = "LOCAL_SEARCH_SECONDLY";

    public string? PolicyName { get; } = policyName;

    public TimeSpan? RetryAfter { get; } = retryAfter;
}
