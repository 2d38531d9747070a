namespace HubSpotTeamsBot.Storage;

/// <summary>The answer to "may I do the work for this key?".</summary>
public sealed record IdempotencyClaim
{
    public required string TenantId { get; init; }
    public required string Key { get; init; }
    public required IdempotencyClaimStatus Status { get; init; }

    /// <summary>The first attempt's result, when <see cref="Status"/> is Completed.</summary>
    public string? ResultJson { get; init; }

    public string? ETag { get; init; }

    /// <summary>When another caller's claim lapses, when <see cref="Status"/> is InProgress (from the stored record).</summary>
    public DateTimeOffset? ExpiresAt { get; init; }

    /// <summary>When this caller's attempt began, when <see cref="Status"/> is Claimed.</summary>
    public DateTimeOffset? ClaimedAt { get; init; }

    /// <summary>
    /// Set when this claim took over one whose attempt never finished (its instance died, or storage lost its result):
    /// when that attempt began. What it did is unknown, so work that is not safe to repeat must look first.
    /// </summary>
    public DateTimeOffset? LapsedSince { get; init; }
}
