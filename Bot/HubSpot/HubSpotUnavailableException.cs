namespace HubSpotTeamsBot.HubSpot;

/// <summary>HubSpot is busy, down, migrating or did not answer in time (5xx, 423, 477, timeouts, connection failures).</summary>
public sealed class HubSpotUnavailableException(string message, int statusCode, string? category, string? correlationId, TimeSpan? retryAfter = null, Exception? innerException = null)
    : HubSpotException(message, statusCode, category, correlationId, innerException)
{
    public TimeSpan? RetryAfter { get; } = retryAfter;

    /// <summary>
    /// The failed call was a write HubSpot may have carried out anyway (a 5xx, a timeout or a dropped connection after
    /// the request went out): the caller must not say "nothing changed", and must look before writing again.
    /// </summary>
    public bool MayHaveApplied { get; internal set; }
}
