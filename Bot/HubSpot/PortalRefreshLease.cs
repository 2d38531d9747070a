using Azure;
using Azure.Data.Tables;
using HubSpotTeamsBot.Storage;

namespace HubSpotTeamsBot.HubSpot;

/// <summary>
/// A lease, shared by every instance through Table storage, on refreshing one tenant's HubSpot token: one row per
/// tenant with the holder and an expiry, taken and released only with the row's ETag, so exactly one instance holds it
/// at a time. The expiry frees it if the holder dies mid-refresh. (HubSpot may rotate refresh tokens: two instances
/// refreshing at once with the same refresh token would leave the slower one holding a refused token.)
/// </summary>
public sealed class PortalRefreshLease
{
    internal const string Table = "PortalRefreshLeases";
    private const string RowKey = "refresh";
    private readonly StorageTables _tables;

    internal PortalRefreshLease(StorageTables tables)
    {
        _tables = tables;
    }

    /// <summary>This process's holder id, so a lease is only ever released by the instance that took it.</summary>
    public string Holder { get; } = $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid():N}";

    /// <summary>Takes the lease for <paramref name="duration"/> if nobody holds it (or the holder's lease ran out).
    /// Null when another instance holds it.</summary>
    public async Task<Held?> TryAcquireAsync(string tenantId, TimeSpan duration, CancellationToken ct)
    {
        var partition = TableKey.Tenant(tenantId);
        // Real time, whatever clock the rest of the app is given: the other instances compare it with theirs.
        var now = DateTimeOffset.UtcNow;
        var entity = new TableEntity(partition, RowKey)
        {
            ["Holder"] = Holder,
            ["ExpiresAt"] = now + duration,
        };
        try
        {
            var response = await _tables.RunAsync(Table, async table =>
            {
                var found = await table.GetEntityIfExistsAsync<TableEntity>(partition, RowKey, cancellationToken: ct);
                if (!found.HasValue || found.Value is null)
                {
                    return await table.AddEntityAsync(entity, ct);
                }

                var current = found.Value;
                var expiresAt = current.GetDateTimeOffset("ExpiresAt") ?? DateTimeOffset.MinValue;
                if (expiresAt > now && current.GetString("Holder") != Holder)
                {
                    return null;
                }

                return await table.UpdateEntityAsync(entity, current.ETag, TableUpdateMode.Replace, ct);
            }, ct);
            return response?.Headers.ETag is { } etag ? new Held(tenantId, etag) : null;
        }
        catch (StorageConflictException)
        {
            // Another instance took it between our read and our write.
            return null;
        }
    }

    /// <summary>Frees the lease if it is still ours; a lease that ran out and was taken by someone else is left alone.</summary>
    public async Task ReleaseAsync(Held lease, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(lease);
        try
        {
            await _tables.RunAsync(Table, table => table.DeleteEntityAsync(TableKey.Tenant(lease.TenantId), RowKey, lease.ETag, ct), ct);
        }
        catch (StorageConflictException)
        {
            // Our lease expired and another instance holds it now: theirs to release.
        }
        catch (RequestFailedException gone) when (gone.Status == 404)
        {
            // Already gone (storage lost it): nothing to free.
        }
    }

    /// <summary>A lease this instance holds.</summary>
    public sealed record Held(string TenantId, ETag ETag);
}
