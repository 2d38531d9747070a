namespace HubSpotTeamsBot.Storage;

public enum IdempotencyClaimStatus
{
    /// <summary>This caller owns the key: do the work, then complete (or release) the claim.</summary>
    Claimed,

    /// <summary>The work was done before; <see cref="IdempotencyClaim.ResultJson"/> holds its result.</summary>
    Completed,

    /// <summary>Another attempt owns the key and has not finished yet.</summary>
    InProgress,
}
