namespace HubSpotTeamsBot.HubSpot;

/// <summary>HubSpot is busy, down, migrating or did not answer in time (5xx, 423, 477, timeouts, connection failures).</summary>
public sealed class HubSpotUnavailableException(string message, int statusCode, string? category, string? correlationId, TimeSpan? retryAfter = null, Exception? innerException = null)
    : HubSpotException(message, statusCode, category, correlationId, innerException)
{
    public TimeSpan? RetryAfter { get; } = retryAfter;
}
