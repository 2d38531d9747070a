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
}
