using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Logging;

namespace HubSpotTeamsBot.Storage;

/// <summary>Pending sign-ins for the portal-link flow: created once, consumed at most once, never after expiry.</summary>
public sealed class PendingSignInStore
{
    private readonly StorageTables _tables;
    private readonly TimeProvider _time;
    private readonly ILogger<PendingSignInStore> _logger;

    internal PendingSignInStore(StorageTables tables, TimeProvider time, ILogger<PendingSignInStore> logger)
    {
        _tables = tables;
        _time = time;
        _logger = logger;
    }

    /// <summary>Throws <see cref="StorageConflictException"/> if the state value is already pending.</summary>
    public Task CreateAsync(PendingSignIn signIn, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(signIn);
        var entity = new TableEntity(TableKey.Tenant(signIn.TenantId), TableKey.Escape(signIn.State))
        {
            ["TenantId"] = signIn.TenantId,
            ["State"] = signIn.State,
            ["RequestedByAadObjectId"] = signIn.RequestedByAadObjectId,
            ["RequestedByName"] = signIn.RequestedByName,
            ["ConversationId"] = signIn.ConversationId,
            ["ServiceUrl"] = signIn.ServiceUrl,
            ["Data"] = signIn.Data,
            ["CreatedAt"] = signIn.CreatedAt,
            ["ExpiresAt"] = signIn.ExpiresAt,
        };
        return _tables.RunAsync(TableNames.PendingSignIns, table => table.AddEntityAsync(entity, ct), ct);
    }

    /// <summary>The pending sign-in without using it up (null when missing or expired): lets the caller check whose it
    /// is first, so someone else presenting it cannot burn it for the admin it belongs to.</summary>
    public Task<PendingSignIn?> PeekAsync(string tenantId, string state, CancellationToken ct = default) =>
        _tables.RunAsync(TableNames.PendingSignIns, async table =>
        {
            var found = await table.GetEntityIfExistsAsync<TableEntity>(TableKey.Tenant(tenantId), TableKey.Escape(state), cancellationToken: ct);
            return found.HasValue && found.Value is { } entity && FromEntity(tenantId, entity) is var signIn && signIn.ExpiresAt > _time.GetUtcNow()
                ? signIn
                : null;
        }, ct);

    /// <summary>
    /// Returns the pending sign-in and removes it, so a second call (or a concurrent one) gets null. Expired
    /// records are removed and never returned.
    /// </summary>
    public Task<PendingSignIn?> ConsumeAsync(string tenantId, string state, CancellationToken ct = default)
    {
        var partition = TableKey.Tenant(tenantId);
        var row = TableKey.Escape(state);
        return _tables.RunAsync(TableNames.PendingSignIns, async table =>
        {
            var found = await table.GetEntityIfExistsAsync<TableEntity>(partition, row, cancellationToken: ct);
            if (!found.HasValue || found.Value is not { } entity)
            {
                return null;
            }

            // Deleting with the ETag we read is what makes this single-use: of two callers, only one delete succeeds.
            try
            {
                var deleted = await table.DeleteEntityAsync(partition, row, entity.ETag, ct);
                if (deleted.Status == 404)
                {
                    return null;
                }
            }
            catch (RequestFailedException e) when (e.Status is 404 or 412)
            {
                return null;
            }

            var signIn = FromEntity(tenantId, entity);
            if (signIn.ExpiresAt <= _time.GetUtcNow())
            {
                _logger.LogInformation("Pending sign-in for tenant {TenantId} expired at {ExpiresAt}; refused", tenantId, signIn.ExpiresAt);
                return null;
            }

            return signIn;
        }, ct);
    }

    private static PendingSignIn FromEntity(string tenantId, TableEntity entity) => new()
    {
        TenantId = entity.GetString("TenantId") ?? tenantId,
        State = entity.GetString("State") ?? "",
        RequestedByAadObjectId = entity.GetString("RequestedByAadObjectId") ?? "",
        RequestedByName = entity.GetString("RequestedByName"),
        ConversationId = entity.GetString("ConversationId"),
        ServiceUrl = entity.GetString("ServiceUrl"),
        Data = entity.GetString("Data"),
        CreatedAt = entity.GetDateTimeOffset("CreatedAt") ?? DateTimeOffset.MinValue,
        ExpiresAt = entity.GetDateTimeOffset("ExpiresAt") ?? DateTimeOffset.MinValue,
    };
}
