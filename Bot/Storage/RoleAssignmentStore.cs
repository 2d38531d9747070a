using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Logging;

namespace HubSpotTeamsBot.Storage;

/// <summary>Role grants per tenant: one row per principal (user or group).</summary>
public sealed class RoleAssignmentStore
{
    private readonly StorageTables _tables;
    private readonly RecentReads<IReadOnlyList<RoleAssignment>> _recent;
    private readonly ILogger<RoleAssignmentStore> _logger;

    internal RoleAssignmentStore(StorageTables tables, RecentReads<IReadOnlyList<RoleAssignment>> recent, ILogger<RoleAssignmentStore> logger)
    {
        _tables = tables;
        _recent = recent;
        _logger = logger;
    }

    /// <summary>The tenant's grants as read in the last few seconds (<see cref="StorageOptions.RecentReadTtl"/>), for
    /// the role check every turn makes; listing and changing grants read with <see cref="ListAsync"/>.</summary>
    public Task<IReadOnlyList<RoleAssignment>> ListRecentAsync(string tenantId, CancellationToken ct = default) =>
        _recent.GetOrReadAsync(tenantId, () => ListAsync(tenantId, ct));

    public Task<IReadOnlyList<RoleAssignment>> ListAsync(string tenantId, CancellationToken ct = default)
    {
        var partition = TableKey.Tenant(tenantId);
        return _tables.RunAsync<IReadOnlyList<RoleAssignment>>(TableNames.RoleAssignments, async table =>
        {
            var assignments = new List<RoleAssignment>();
            // A filter string: the expression overload compiled a new delegate on every call (seen in a profile).
            await foreach (var entity in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {partition}"), cancellationToken: ct))
            {
                assignments.Add(FromEntity(tenantId, entity));
            }

            return assignments;
        }, ct);
    }

    public Task<RoleAssignment?> GetAsync(string tenantId, string principalId, CancellationToken ct = default)
    {
        var partition = TableKey.Tenant(tenantId);
        var row = TableKey.Escape(principalId);
        return _tables.RunAsync(TableNames.RoleAssignments, async table =>
        {
            var found = await table.GetEntityIfExistsAsync<TableEntity>(partition, row, cancellationToken: ct);
            return found.HasValue && found.Value is { } entity ? FromEntity(tenantId, entity) : null;
        }, ct);
    }

    /// <summary>
    /// Upsert. With an ETag (a record that was read) the write only succeeds if the row is unchanged, otherwise
    /// <see cref="StorageConflictException"/>; without one it creates or replaces the grant.
    /// </summary>
    public async Task<RoleAssignment> SaveAsync(RoleAssignment assignment, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(assignment);
        var entity = ToEntity(assignment);
        Response response;
        try
        {
            response = await _tables.RunAsync(TableNames.RoleAssignments, table => assignment.ETag is null
                ? table.UpsertEntityAsync(entity, TableUpdateMode.Replace, ct)
                : table.UpdateEntityAsync(entity, new ETag(assignment.ETag), TableUpdateMode.Replace, ct), ct);
        }
        finally
        {
            // After the write (whatever its outcome), so no read that started before it can keep the old grants.
            _recent.Forget(assignment.TenantId);
        }
        _logger.LogDebug("Saved role {Role} for {PrincipalKind} {PrincipalId} in tenant {TenantId}",
            assignment.Role, assignment.Kind, assignment.PrincipalId, assignment.TenantId);
        return assignment with { ETag = response.Headers.ETag?.ToString() };
    }

    /// <summary>True when a grant was removed, false when there was none.</summary>
    public Task<bool> DeleteAsync(string tenantId, string principalId, CancellationToken ct = default)
    {
        var partition = TableKey.Tenant(tenantId);
        var row = TableKey.Escape(principalId);
        return _tables.RunAsync(TableNames.RoleAssignments, async table =>
        {
            try
            {
                var response = await table.DeleteEntityAsync(partition, row, ETag.All, ct);
                return response.Status != 404;
            }
            finally
            {
                _recent.Forget(tenantId);
            }
        }, ct);
    }

    private static TableEntity ToEntity(RoleAssignment assignment) =>
        new(TableKey.Tenant(assignment.TenantId), TableKey.Escape(assignment.PrincipalId))
        {
            ["TenantId"] = assignment.TenantId,
            ["PrincipalId"] = assignment.PrincipalId,
            ["Kind"] = assignment.Kind.ToString(),
            ["DisplayName"] = assignment.DisplayName,
            ["Role"] = assignment.Role,
            ["GrantedByAadObjectId"] = assignment.GrantedByAadObjectId,
            ["GrantedByName"] = assignment.GrantedByName,
            ["GrantedAt"] = assignment.GrantedAt,
        };

    private static RoleAssignment FromEntity(string tenantId, TableEntity entity) => new()
    {
        TenantId = entity.GetString("TenantId") ?? tenantId,
        PrincipalId = entity.GetString("PrincipalId") ?? entity.RowKey,
        Kind = Enum.TryParse<PrincipalKind>(entity.GetString("Kind"), out var kind) ? kind : PrincipalKind.User,
        DisplayName = entity.GetString("DisplayName"),
        Role = entity.GetString("Role") ?? "",
        GrantedByAadObjectId = entity.GetString("GrantedByAadObjectId") ?? "",
        GrantedByName = entity.GetString("GrantedByName"),
        GrantedAt = entity.GetDateTimeOffset("GrantedAt") ?? DateTimeOffset.MinValue,
        ETag = entity.ETag.ToString(),
    };
}
