using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Logging;

namespace HubSpotTeamsBot.Storage;

/// <summary>The tenant's HubSpot portal link, one row per tenant, tokens encrypted at rest.</summary>
public sealed class PortalLinkStore
{
    private const string RowKey = "portal";
    private const int MaxUpdateAttempts = 5;
    private readonly StorageTables _tables;
    private readonly PortalTokenProtector _tokens;
    private readonly RecentReads<PortalLink?> _recent;
    private readonly ILogger<PortalLinkStore> _logger;

    internal PortalLinkStore(StorageTables tables, PortalTokenProtector tokens, RecentReads<PortalLink?> recent, ILogger<PortalLinkStore> logger)
    {
        _tables = tables;
        _tokens = tokens;
        _recent = recent;
        _logger = logger;
    }

    /// <summary>The link as read in the last few seconds (<see cref="StorageOptions.RecentReadTtl"/>), for the hot path
    /// that only needs a usable token; anything that decides or writes reads with <see cref="GetAsync"/>.</summary>
    public Task<PortalLink?> GetRecentAsync(string tenantId, CancellationToken ct = default) =>
        _recent.GetOrReadAsync(tenantId, () => GetAsync(tenantId, ct));

    public Task<PortalLink?> GetAsync(string tenantId, CancellationToken ct = default)
    {
        var partition = TableKey.Tenant(tenantId);
        return _tables.RunAsync(TableNames.PortalLinks, async table =>
        {
            var found = await table.GetEntityIfExistsAsync<TableEntity>(partition, RowKey, cancellationToken: ct);
            return found.HasValue && found.Value is { } entity ? FromEntity(tenantId, entity) : null;
        }, ct);
    }

    /// <summary>
    /// The tenants whose link names HubSpot portal <paramref name="portalId"/> (in any state), for webhook events,
    /// which carry only the portal. Links are one row per tenant, so this is a filtered scan of a small table.
    /// </summary>
    public Task<IReadOnlyList<string>> FindTenantsByPortalAsync(long portalId, CancellationToken ct = default) =>
        _tables.RunAsync<IReadOnlyList<string>>(TableNames.PortalLinks, async table =>
        {
            var tenants = new List<string>();
            var filter = TableClient.CreateQueryFilter($"RowKey eq {RowKey} and PortalId eq {portalId}");
            await foreach (var entity in table.QueryAsync<TableEntity>(filter, select: ["TenantId"], cancellationToken: ct))
            {
                if (entity.GetString("TenantId") is { Length: > 0 } tenant) tenants.Add(tenant);
            }
            return tenants;
        }, ct);

    /// <summary>
    /// ETag null: insert (conflict if the tenant already has a link). ETag set: replace only if unchanged.
    /// Returns the stored record with its new ETag. Throws <see cref="StorageConflictException"/> on 409/412.
    /// </summary>
    public async Task<PortalLink> SaveAsync(PortalLink link, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(link);
        var entity = ToEntity(link);
        try
        {
            var response = await _tables.RunAsync(TableNames.PortalLinks, table => link.ETag is null
                ? table.AddEntityAsync(entity, ct)
                : table.UpdateEntityAsync(entity, new ETag(link.ETag), TableUpdateMode.Replace, ct), ct);
            _logger.LogDebug("Saved portal link for tenant {TenantId}: portal {PortalId}, state {State}", link.TenantId, link.PortalId, link.State);
            return link with { ETag = response.Headers.ETag?.ToString() };
        }
        catch (StorageConflictException)
        {
            _logger.LogInformation("Portal link for tenant {TenantId} was changed by someone else; save refused", link.TenantId);
            throw;
        }
        finally
        {
            // After the write (whatever its outcome), so no read that started before it can keep the old link.
            _recent.Forget(link.TenantId);
        }
    }

    /// <summary>
    /// Read-modify-write with retries: applies <paramref name="change"/> to the current link and saves it with its
    /// ETag; when another writer got there first, reads again and re-applies. Null when the tenant has no link.
    /// </summary>
    public async Task<PortalLink?> UpdateAsync(string tenantId, Func<PortalLink, PortalLink> change, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(change);
        for (var attempt = 1; ; attempt++)
        {
            var current = await GetAsync(tenantId, ct);
            if (current is null)
            {
                return null;
            }

            try
            {
                return await SaveAsync(change(current) with { TenantId = current.TenantId, ETag = current.ETag }, ct);
            }
            catch (StorageConflictException) when (attempt < MaxUpdateAttempts)
            {
                // Someone else saved in between; their change is kept and ours is applied on top of it.
            }
        }
    }

    public Task DeleteAsync(string tenantId, CancellationToken ct = default)
    {
        var partition = TableKey.Tenant(tenantId);
        return _tables.RunAsync(TableNames.PortalLinks, async table =>
        {
            try
            {
                await table.DeleteEntityAsync(partition, RowKey, ETag.All, ct);
            }
            finally
            {
                _recent.Forget(tenantId);
            }
            _logger.LogInformation("Deleted portal link for tenant {TenantId}", tenantId);
        }, ct);
    }

    private TableEntity ToEntity(PortalLink link) => new(TableKey.Tenant(link.TenantId), RowKey)
    {
        ["TenantId"] = link.TenantId,
        ["PortalId"] = link.PortalId,
        ["HubDomain"] = link.HubDomain,
        ["UiDomain"] = link.UiDomain,
        ["TimeZone"] = link.TimeZone,
        ["Currency"] = link.Currency,
        ["Scopes"] = string.Join(' ', link.Scopes),
        ["LinkedByAadObjectId"] = link.LinkedByAadObjectId,
        ["LinkedByName"] = link.LinkedByName,
        ["LinkedAt"] = link.LinkedAt,
        ["State"] = link.State.ToString(),
        ["AccessTokenProtected"] = _tokens.Protect(link.TenantId, link.AccessToken),
        ["RefreshTokenProtected"] = _tokens.Protect(link.TenantId, link.RefreshToken),
        ["AccessTokenExpiresAt"] = link.AccessTokenExpiresAt,
        ["LastRefreshedAt"] = link.LastRefreshedAt,
        ["BrokenReason"] = link.BrokenReason,
    };

    private PortalLink FromEntity(string tenantId, TableEntity entity)
    {
        var link = new PortalLink
        {
            TenantId = entity.GetString("TenantId") ?? tenantId,
            PortalId = entity.GetInt64("PortalId") ?? 0,
            HubDomain = entity.GetString("HubDomain") ?? "",
            UiDomain = entity.GetString("UiDomain"),
            TimeZone = entity.GetString("TimeZone"),
            Currency = entity.GetString("Currency"),
            Scopes = (entity.GetString("Scopes") ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries),
            LinkedByAadObjectId = entity.GetString("LinkedByAadObjectId") ?? "",
            LinkedByName = entity.GetString("LinkedByName"),
            LinkedAt = entity.GetDateTimeOffset("LinkedAt") ?? DateTimeOffset.MinValue,
            State = Enum.TryParse<PortalLinkState>(entity.GetString("State"), out var state) ? state : PortalLinkState.Broken,
            AccessToken = "",
            RefreshToken = "",
            AccessTokenExpiresAt = entity.GetDateTimeOffset("AccessTokenExpiresAt") ?? DateTimeOffset.MinValue,
            LastRefreshedAt = entity.GetDateTimeOffset("LastRefreshedAt"),
            BrokenReason = entity.GetString("BrokenReason"),
            ETag = entity.ETag.ToString(),
        };

        var access = _tokens.TryUnprotect(link.TenantId, entity.GetString("AccessTokenProtected") ?? "");
        var refresh = _tokens.TryUnprotect(link.TenantId, entity.GetString("RefreshTokenProtected") ?? "");
        if (access is null || refresh is null)
        {
            // The key ring that encrypted these tokens is gone: the link cannot be used until an admin reconnects.
            _logger.LogWarning("Stored HubSpot tokens for tenant {TenantId} could not be decrypted; reporting the link as broken", link.TenantId);
            return link with
            {
                State = PortalLinkState.Broken,
                BrokenReason = "The stored HubSpot tokens could not be decrypted (the encryption keys changed). An admin must reconnect the portal.",
            };
        }

        return link with { AccessToken = access, RefreshToken = refresh };
    }
}
