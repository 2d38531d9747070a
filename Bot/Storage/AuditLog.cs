using System.Globalization;
using System.Text.RegularExpressions;
using Azure.Data.Tables;

namespace HubSpotTeamsBot.Storage;

/// <summary>
/// Append-only audit trail per tenant. Row keys are inverted ticks plus a random suffix, so the table's natural
/// order (ascending row key) is newest first and two entries in the same tick never collide.
/// </summary>
public sealed partial class AuditLog
{
    public const int MaxPageSize = 1000;
    private readonly StorageTables _tables;

    internal AuditLog(StorageTables tables) => _tables = tables;

    public async Task<AuditEntry> AppendAsync(AuditEntry entry, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var id = RowKeyFor(entry.At);
        var entity = new TableEntity(TableKey.Tenant(entry.TenantId), id)
        {
            ["TenantId"] = entry.TenantId,
            ["At"] = entry.At,
            ["ActorAadObjectId"] = entry.ActorAadObjectId,
            ["ActorName"] = entry.ActorName,
            ["ActorUpn"] = entry.ActorUpn,
            ["Action"] = entry.Action,
            ["ObjectType"] = entry.ObjectType,
            ["ObjectId"] = entry.ObjectId,
            ["Outcome"] = entry.Outcome,
            ["CorrelationId"] = entry.CorrelationId,
            ["Detail"] = entry.Detail,
        };
        await _tables.RunAsync(TableNames.AuditLog, table => table.AddEntityAsync(entity, ct), ct);
        return entry with { Id = id };
    }

    /// <summary>
    /// Up to <paramref name="pageSize"/> entries, newest first, starting after <paramref name="continuationToken"/>
    /// (null for the first page). A malformed token is an <see cref="ArgumentException"/>.
    /// </summary>
    public Task<AuditPage> ReadPageAsync(string tenantId, int pageSize, string? continuationToken = null, CancellationToken ct = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(pageSize, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(pageSize, MaxPageSize);
        if (continuationToken is not null && !RowKeyPattern().IsMatch(continuationToken))
        {
            throw new ArgumentException("The audit continuation token is not one this log issued.", nameof(continuationToken));
        }

        var partition = TableKey.Tenant(tenantId);
        var filter = continuationToken is null
            ? TableClient.CreateQueryFilter($"PartitionKey eq {partition}")
            : TableClient.CreateQueryFilter($"PartitionKey eq {partition} and RowKey gt {continuationToken}");

        return _tables.RunAsync(TableNames.AuditLog, async table =>
        {
            // One extra row tells whether another page exists without handing out a token that leads nowhere.
            var entries = new List<AuditEntry>(pageSize + 1);
            await foreach (var entity in table.QueryAsync<TableEntity>(filter, maxPerPage: pageSize + 1, cancellationToken: ct))
            {
                entries.Add(FromEntity(tenantId, entity));
                if (entries.Count > pageSize)
                {
                    break;
                }
            }

            if (entries.Count <= pageSize)
            {
                return new AuditPage(entries, null);
            }

            entries.RemoveAt(pageSize);
            return new AuditPage(entries, entries[^1].Id);
        }, ct);
    }

    private static string RowKeyFor(DateTimeOffset at)
    {
        var inverted = DateTimeOffset.MaxValue.UtcTicks - at.UtcTicks;
        return inverted.ToString("D19", CultureInfo.InvariantCulture) + "-" + Guid.NewGuid().ToString("N");
    }

    private static AuditEntry FromEntity(string tenantId, TableEntity entity) => new()
    {
        TenantId = entity.GetString("TenantId") ?? tenantId,
        At = entity.GetDateTimeOffset("At") ?? DateTimeOffset.MinValue,
        ActorAadObjectId = entity.GetString("ActorAadObjectId") ?? "",
        ActorName = entity.GetString("ActorName"),
        ActorUpn = entity.GetString("ActorUpn"),
        Action = entity.GetString("Action") ?? "",
        ObjectType = entity.GetString("ObjectType"),
        ObjectId = entity.GetString("ObjectId"),
        Outcome = entity.GetString("Outcome") ?? "",
        CorrelationId = entity.GetString("CorrelationId"),
        Detail = entity.GetString("Detail"),
        Id = entity.RowKey,
    };

    [GeneratedRegex("^[0-9]{19}-[0-9a-f]{32}$")]
    private static partial Regex RowKeyPattern();
}
