namespace HubSpotTeamsBot.HubSpot;

/// <summary>
/// A call to HubSpot failed. Messages hold HubSpot's own message and never a token or secret;
/// <see cref="CorrelationId"/> is HubSpot's id for the failed request, for logs and audit.
/// </summary>
public class HubSpotException : Exception
{
    public HubSpotException(string message, int statusCode, string? category, string? correlationId, Exception? innerException = null)
        : base(message, innerException)
    {
        StatusCode = statusCode;
        Category = category;
        CorrelationId = correlationId;
    }

    /// <summary>HTTP status of HubSpot's answer; 0 when no answer arrived (timeout, connection failure).</summary>
    public int StatusCode { get; }

    /// <summary>HubSpot's error category, e.g. VALIDATION_ERROR, CONFLICT, RATE_LIMITS.</summary>
    public string? Category { get; }

    public string? CorrelationId { get; }
}
