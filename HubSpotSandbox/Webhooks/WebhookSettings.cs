namespace HubSpotSandbox.Webhooks;

/// <summary>
/// Where and how the sandbox sends webhooks (section <c>Sandbox:Webhooks</c>; changeable at run time through
/// <c>POST /_sandbox/webhooks</c>). Nothing is sent without a target URL.
/// </summary>
public sealed class WebhookSettings
{
    /// <summary>The app's webhook target, e.g. http://127.0.0.1:3978/api/hubspot/webhooks; empty: webhooks off.</summary>
    public string? TargetUrl { get; set; }

    /// <summary>The key the batches are signed with; empty: the sandbox app's client secret (Sandbox:ClientSecret).</summary>
    public string? ClientSecret { get; set; }

    /// <summary>HubSpot sends up to 100 events per request.</summary>
    public int MaxBatchSize { get; set; } = 100;

    /// <summary>How long events are gathered before a batch goes out.</summary>
    public int BatchWindowMs { get; set; } = 100;

    /// <summary>Attempts per batch when the target does not answer 2xx (HubSpot retries failed deliveries too).</summary>
    public int MaxAttempts { get; set; } = 5;

    /// <summary>First retry after this long, doubling each time.</summary>
    public int RetryDelayMs { get; set; } = 500;

    /// <summary>Batches in flight at once (HubSpot's maxConcurrentRequests).</summary>
    public int MaxConcurrentRequests { get; set; } = 5;

    public WebhookFaults Faults { get; set; } = new();

    public string? Problem()
    {
        if (!string.IsNullOrEmpty(TargetUrl) && !(Uri.TryCreate(TargetUrl, UriKind.Absolute, out var target) && target.Scheme is "http" or "https"))
            return "targetUrl must be an absolute http(s) URL.";
        if (MaxBatchSize is < 1 or > 100) return "maxBatchSize must be between 1 and 100.";
        if (BatchWindowMs is < 0 or > 60_000) return "batchWindowMs must be between 0 and 60000.";
        if (MaxAttempts is < 1 or > 20) return "maxAttempts must be between 1 and 20.";
        if (RetryDelayMs is < 0 or > 600_000) return "retryDelayMs must be between 0 and 600000.";
        if (MaxConcurrentRequests is < 1 or > 100) return "maxConcurrentRequests must be between 1 and 100.";
        return Faults.Problem();
    }
}

/// <summary>
/// What HubSpot's delivery does that a receiver must survive, drawn per batch from a Random seeded with
/// <see cref="Seed"/> (a failing run replays): send a batch twice, shuffle its events and let later batches overtake
/// it, hold it back, and deliver it again after a 2xx as a retry (attemptNumber + 1), as when HubSpot never saw the answer.
/// </summary>
public sealed class WebhookFaults
{
    public int Seed { get; set; }
    public double DuplicateRate { get; set; }
    public double ReorderRate { get; set; }
    public double RetryRate { get; set; }
    public double DelayRate { get; set; }
    public int DelayMs { get; set; } = 1000;

    public string? Problem() =>
        new[] { DuplicateRate, ReorderRate, RetryRate, DelayRate }.Any(r => r is < 0 or > 1) ? "fault rates must be between 0 and 1."
        : DelayMs is < 0 or > 60_000 ? "delayMs must be between 0 and 60000."
        : null;
}
