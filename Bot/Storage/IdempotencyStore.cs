using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Options;

namespace HubSpotTeamsBot.Storage;

/// <summary>
/// Makes a form submission or redelivered activity run once: the first caller claims the key with an
/// insert-if-absent, later callers get the recorded result (or learn the first attempt is still running).
/// A claim never completed is released after Storage:IdempotencyClaimTimeout; results are kept for
/// Storage:IdempotencyTtl, after which the key may be used again.
/// </summary>
public sealed partial class IdempotencyStore
{
    /// <summary>A table string column holds 64 KiB of UTF-16.</summary>
    public const int MaxResultLength = 32_000;

    private const string InProgress = "InProgress";
    private const string Completed = "Completed";
    private const int MaxClaimAttempts = 5;
    private readonly StorageTables _tables;
    private readonly TimeProvider _time;
    private readonly StorageOptions _options;

    internal IdempotencyStore(StorageTables tables, TimeProvider time, IOptions<StorageOptions> options)
    {
        _tables = tables;
        _time = time;
        _options = options.Value;
    }

    public Task<IdempotencyClaim> ClaimAsync(string tenantId, string key, CancellationToken ct = default) =>
        ClaimAsync(tenantId, key, _options.IdempotencyClaimTimeout, ct);

    /// <summary>As above, with a claim timeout of the caller's (the durable queue matches it to its redelivery delay).</summary>
    public async Task<IdempotencyClaim> ClaimAsync(string tenantId, string key, TimeSpan claimTimeout, CancellationToken ct = default)
    {
        var partition = TableKey.Tenant(tenantId);
        var row = Row(key);
        for (var attempt = 1; ; attempt++)
        {
            var now = _time.GetUtcNow();
            var claim = new TableEntity(partition, row)
            {
                ["TenantId"] = tenantId,
                ["Key"] = key,
                ["Status"] = InProgress,
                ["ClaimedAt"] = now,
                ["ExpiresAt"] = now + claimTimeout,
            };

            try
            {
                var added = await _tables.RunAsync(TableNames.IdempotencyRecords, table => table.AddEntityAsync(claim, ct), ct);
                return Claimed(tenantId, key, added, now);
            }
            catch (StorageConflictException) when (attempt < MaxClaimAttempts)
            {
                // The key exists: report it, or take it over if it expired.
            }

            var existing = await GetAsync(partition, row, ct);
            if (existing is null)
            {
                continue;
            }

            if (existing.GetDateTimeOffset("ExpiresAt") is { } expiresAt && expiresAt > now)
            {
                var done = existing.GetString("Status") == Completed;
                return new IdempotencyClaim
                {
                    TenantId = tenantId,
                    Key = key,
                    Status = done ? IdempotencyClaimStatus.Completed : IdempotencyClaimStatus.InProgress,
                    ResultJson = done ? existing.GetString("ResultJson") : null,
                    ETag = existing.ETag.ToString(),
                    ExpiresAt = expiresAt,
                };
            }

            try
            {
                var replaced = await _tables.RunAsync(TableNames.IdempotencyRecords,
                    table => table.UpdateEntityAsync(claim, existing.ETag, TableUpdateMode.Replace, ct), ct);
                var lapsed = existing.GetString("Status") == InProgress ? existing.GetDateTimeOffset("ClaimedAt") : null;
                return Claimed(tenantId, key, replaced, now) with { LapsedSince = lapsed };
            }
            catch (StorageConflictException) when (attempt < MaxClaimAttempts)
            {
                // Another caller took over the expired record first; look again.
            }
        }
    }

    /// <summary>Records the result of a claimed key. Throws <see cref="StorageConflictException"/> if the claim was lost.</summary>
    public async Task<IdempotencyClaim> CompleteAsync(IdempotencyClaim claim, string resultJson, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(claim);
        ArgumentNullException.ThrowIfNull(resultJson);
        if (claim.Status != IdempotencyClaimStatus.Claimed || claim.ETag is null)
        {
            throw new ArgumentException("Only a claim this caller holds can be completed.", nameof(claim));
        }

        if (resultJson.Length > MaxResultLength)
        {
            throw new ArgumentException($"The result is longer than {MaxResultLength} characters; store a smaller result (an id, not a whole card).", nameof(resultJson));
        }

        var entity = CompletedEntity(claim, resultJson, _time.GetUtcNow());
        var response = await _tables.RunAsync(TableNames.IdempotencyRecords,
            table => table.UpdateEntityAsync(entity, new ETag(claim.ETag), TableUpdateMode.Replace, ct), ct);
        return claim with { Status = IdempotencyClaimStatus.Completed, ResultJson = resultJson, ETag = response.Headers.ETag?.ToString() };
    }

    /// <summary>
    /// Takes back a completed key whose recorded result says the work must be looked at again (e.g. a save HubSpot
    /// never confirmed). Returns a Claimed claim, or InProgress when another caller took it back first.
    /// </summary>
    public async Task<IdempotencyClaim> RetakeAsync(IdempotencyClaim completed, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(completed);
        if (completed.Status != IdempotencyClaimStatus.Completed || completed.ETag is null)
        {
            throw new ArgumentException("Only a completed key can be taken back.", nameof(completed));
        }

        var now = _time.GetUtcNow();
        var claim = new TableEntity(TableKey.Tenant(completed.TenantId), Row(completed.Key))
        {
            ["TenantId"] = completed.TenantId,
            ["Key"] = completed.Key,
            ["Status"] = InProgress,
            ["ClaimedAt"] = now,
            ["ExpiresAt"] = now + _options.IdempotencyClaimTimeout,
        };
        try
        {
            var replaced = await _tables.RunAsync(TableNames.IdempotencyRecords,
                table => table.UpdateEntityAsync(claim, new ETag(completed.ETag), TableUpdateMode.Replace, ct), ct);
            return Claimed(completed.TenantId, completed.Key, replaced, now);
        }
        catch (StorageConflictException)
        {
            return completed with { Status = IdempotencyClaimStatus.InProgress, ResultJson = null };
        }
    }

    /// <summary>
    /// Keeps a claim this caller holds from expiring while its work is still running (the durable queue does this as
    /// it keeps the message hidden). Throws <see cref="StorageConflictException"/> if the claim was lost.
    /// </summary>
    public async Task<IdempotencyClaim> ExtendAsync(IdempotencyClaim claim, TimeSpan claimTimeout, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(claim);
        if (claim.Status != IdempotencyClaimStatus.Claimed || claim.ETag is null)
        {
            throw new ArgumentException("Only a claim this caller holds can be extended.", nameof(claim));
        }

        var now = _time.GetUtcNow();
        var entity = new TableEntity(TableKey.Tenant(claim.TenantId), Row(claim.Key))
        {
            ["TenantId"] = claim.TenantId,
            ["Key"] = claim.Key,
            ["Status"] = InProgress,
            // When the attempt began stays as it was: a caller that finds this claim lapsed looks for work since then.
            ["ClaimedAt"] = claim.ClaimedAt ?? now,
            ["ExpiresAt"] = now + claimTimeout,
        };
        var response = await _tables.RunAsync(TableNames.IdempotencyRecords,
            table => table.UpdateEntityAsync(entity, new ETag(claim.ETag), TableUpdateMode.Replace, ct), ct);
        return claim with { ETag = response.Headers.ETag?.ToString() };
    }

    /// <summary>
    /// True while the claim is still this caller's: not taken over by another attempt after it lapsed, nor completed
    /// by one. One read, for work that must not be done twice (a reply) when the claim may have lapsed.
    /// </summary>
    public async Task<bool> IsHeldAsync(IdempotencyClaim claim, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(claim);
        var row = await GetAsync(TableKey.Tenant(claim.TenantId), Row(claim.Key), ct);
        return row is not null && row.GetString("Status") == InProgress && row.ETag.ToString() == claim.ETag;
    }

    /// <summary>
    /// Records a key completed although this caller's claim was taken over by another attempt after it lapsed: the
    /// work did finish here, and the other attempt must learn that before it repeats what cannot be repeated.
    /// </summary>
    public async Task CompleteTakenOverAsync(IdempotencyClaim claim, string resultJson, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(claim);
        var entity = CompletedEntity(claim, resultJson, _time.GetUtcNow());
        await _tables.RunAsync(TableNames.IdempotencyRecords, table => table.UpsertEntityAsync(entity, TableUpdateMode.Replace, ct), ct);
    }

    /// <summary>Gives a claimed key back after the work failed, so a retry can run. A claim taken over since is left alone.</summary>
    public async Task ReleaseAsync(IdempotencyClaim claim, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(claim);
        if (claim.Status != IdempotencyClaimStatus.Claimed || claim.ETag is null)
        {
            throw new ArgumentException("Only a claim this caller holds can be released.", nameof(claim));
        }

        try
        {
            await _tables.RunAsync(TableNames.IdempotencyRecords, table =>
                table.DeleteEntityAsync(TableKey.Tenant(claim.TenantId), Row(claim.Key), new ETag(claim.ETag), ct), ct);
        }
        catch (StorageConflictException)
        {
            // Someone else owns the key now; their claim stays.
        }
    }

    private Task<TableEntity?> GetAsync(string partition, string row, CancellationToken ct) =>
        _tables.RunAsync(TableNames.IdempotencyRecords, async table =>
        {
            var found = await table.GetEntityIfExistsAsync<TableEntity>(partition, row, cancellationToken: ct);
            return found.HasValue ? found.Value : null;
        }, ct);

    /// <summary>
    /// The row key for a claim key: escaped, or when that would be long (a turn key holds a conversation id of up to
    /// 2,048 characters; a row key may hold 1 KiB) a SHA-256 of the key, which storage always accepts.
    /// </summary>
    private static string Row(string key)
    {
        var escaped = TableKey.Escape(key);
        return escaped.Length <= MaxPlainRowKey
            ? escaped
            : "sha256:" + Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(key)));
    }

    private const int MaxPlainRowKey = 512;

    private TableEntity CompletedEntity(IdempotencyClaim claim, string resultJson, DateTimeOffset now) => new(TableKey.Tenant(claim.TenantId), Row(claim.Key))
    {
        ["TenantId"] = claim.TenantId,
        ["Key"] = claim.Key,
        ["Status"] = Completed,
        ["ResultJson"] = resultJson,
        ["CompletedAt"] = now,
        ["ExpiresAt"] = now + _options.IdempotencyTtl,
    };

    private static IdempotencyClaim Claimed(string tenantId, string key, Response response, DateTimeOffset at) => new()
    {
        TenantId = tenantId,
        Key = key,
        Status = IdempotencyClaimStatus.Claimed,
        ETag = response.Headers.ETag?.ToString(),
        ClaimedAt = at,
    };
}
