using Azure.Data.Tables;
using HubSpotTeamsBot.Records.Schema;
using HubSpotTeamsBot.Storage;

namespace HubSpotTeamsBot.Features.Settings;

/// <summary>
/// The admins' choice of form fields in Azure Tables: one row per tenant (its linked portal) and form, the property
/// names in order. Read on every form open, so the next form follows a change at once.
/// </summary>
internal sealed class FormLayoutTable(StorageTables tables, TimeProvider clock) : IFormLayoutStore
{
    /// <summary>Before Storage:TablePrefix.</summary>
    public const string Table = "FormLayouts";

    public Task<IReadOnlyList<string>?> GetAsync(string tenantId, FormKind kind, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(kind);
        return tables.RunAsync<IReadOnlyList<string>?>(Table, async table =>
        {
            var found = await table.GetEntityIfExistsAsync<TableEntity>(TableKey.Tenant(tenantId), kind.Id, cancellationToken: ct);
            return found.HasValue && found.Value?.GetString("Properties") is { } names
                ? names.Split(',', StringSplitOptions.RemoveEmptyEntries)
                : null;
        }, ct);
    }

    public Task SaveAsync(string tenantId, FormKind kind, IReadOnlyList<string> properties, string changedBy, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(kind);
        ArgumentNullException.ThrowIfNull(properties);
        var entity = new TableEntity(TableKey.Tenant(tenantId), kind.Id)
        {
            ["Properties"] = string.Join(',', properties),
            ["ChangedBy"] = changedBy,
            ["ChangedAt"] = clock.GetUtcNow(),
        };
        return tables.RunAsync(Table, table => table.UpsertEntityAsync(entity, TableUpdateMode.Replace, ct), ct);
    }

    public Task<bool> ResetAsync(string tenantId, FormKind kind, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(kind);
        return tables.RunAsync(Table, async table =>
        {
            var response = await table.DeleteEntityAsync(TableKey.Tenant(tenantId), kind.Id, cancellationToken: ct);
            return response.Status != 404;
        }, ct);
    }
}
