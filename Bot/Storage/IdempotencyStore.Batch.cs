using Azure;
using Azure.Data.Tables;

namespace HubSpotTeamsBot.Storage;

/// <summary>
/// Claims and completions of several keys of one tenant in one table transaction: one storage round trip for a batch
/// instead of one per key (the durable activity queue claims and completes the turns of one queue message together).
/// The records are the same as the single-key calls write, so either path reads what the other wrote.
/// </summary>
public sealed partial class IdempotencyStore
{
    /// <summary>A table transaction holds at most 100 operations, all in one partition (here: one tenant).</summary>
    public const int MaxBatch = 100;

    /// <summary>
    /// Claims every key, as <see cref="ClaimAsync(string, string, TimeSpan, CancellationToken)"/> would one by one. The
    /// transaction is all or nothing: if any key already exists it changes nothing, and each key is then claimed on
    /// its own (so an existing key gets its usual answer: Completed, InProgress, or taken over when expired).
    /// </summary>
    public async Task<IReadOnlyList<IdempotencyClaim>> ClaimManyAsync(string tenantId, IReadOnlyList<string> keys, TimeSpan claimTimeout, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(keys);
        if (keys.Count > 1 && keys.Count <= MaxBatch && keys.Distinct(StringComparer.Ordinal).Count() == keys.Count)
        {
            var now = _time.GetUtcNow();
            var partition = TableKey.Tenant(tenantId);
            var actions = keys.Select(key => new TableTransactionAction(TableTransactionActionType.Add, new TableEntity(partition, Row(key))
            {
                ["TenantId"] = tenantId,
                ["Key"] = key,
                ["Status"] = InProgress,
                ["ClaimedAt"] = now,
                ["ExpiresAt"] = now + claimTimeout,
            })).ToList();
            try
            {
                var results = (await _tables.RunAsync(TableNames.IdempotencyRecords, table => table.SubmitTransactionAsync(actions, ct), ct)).Value;
                if (results.Count == keys.Count && results.All(r => r.Headers.ETag is not null))
                {
                    return keys.Select((key, i) => Claimed(tenantId, key, results[i], now)).ToList();
                }
                // The transaction stored the claims, but without their ETags they cannot be completed: read them back.
                return await Task.WhenAll(keys.Select(key => ReadOwnClaimAsync(tenantId, key, ct)));
            }
            catch (StorageConflictException)
            {
                // At least one key exists (a redelivery, or a copy the channel sent again): nothing was written.
            }
        }

        var claims = new List<IdempotencyClaim>(keys.Count);
        foreach (var key in keys) claims.Add(await ClaimAsync(tenantId, key, claimTimeout, ct));
        return claims;
    }

    /// <summary>
    /// Records the same result for several claims this caller holds, all of one tenant, in one transaction: all or
    /// nothing. Throws <see cref="StorageConflictException"/> if any claim was lost (then none is completed; the caller
    /// completes them one by one with <see cref="CompleteAsync"/> to find which).
    /// </summary>
    public async Task<IReadOnlyList<IdempotencyClaim>> CompleteManyAsync(IReadOnlyList<IdempotencyClaim> claims, string resultJson, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(claims);
        ArgumentNullException.ThrowIfNull(resultJson);
        if (claims.Any(c => c.Status != IdempotencyClaimStatus.Claimed || c.ETag is null))
        {
            throw new ArgumentException("Only claims this caller holds can be completed.", nameof(claims));
        }
        if (claims.Count is 0 or > MaxBatch || claims.Select(c => c.TenantId).Distinct(StringComparer.Ordinal).Count() != 1
            || claims.Select(c => c.Key).Distinct(StringComparer.Ordinal).Count() != claims.Count)
        {
            throw new ArgumentException($"One transaction holds 1–{MaxBatch} distinct keys of one tenant.", nameof(claims));
        }

        var now = _time.GetUtcNow();
        var actions = claims.Select(claim => new TableTransactionAction(TableTransactionActionType.UpdateReplace, CompletedEntity(claim, resultJson, now), new ETag(claim.ETag!))).ToList();
        var results = (await _tables.RunAsync(TableNames.IdempotencyRecords, table => table.SubmitTransactionAsync(actions, ct), ct)).Value;
        return [.. claims.Select((claim, i) => claim with
        {
            Status = IdempotencyClaimStatus.Completed,
            ResultJson = resultJson,
            ETag = i < results.Count ? results[i].Headers.ETag?.ToString() : null,
        })];
    }

    /// <summary>A claim this caller just wrote, read back for its ETag.</summary>
    private async Task<IdempotencyClaim> ReadOwnClaimAsync(string tenantId, string key, CancellationToken ct)
    {
        var entity = await GetAsync(TableKey.Tenant(tenantId), Row(key), ct)
            ?? throw new StorageConflictException("A claim written a moment ago is gone.");
        return new IdempotencyClaim { TenantId = tenantId, Key = key, Status = IdempotencyClaimStatus.Claimed, ETag = entity.ETag.ToString(), ClaimedAt = entity.GetDateTimeOffset("ClaimedAt") };
    }
}
