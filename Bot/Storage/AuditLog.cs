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
            ["ActorAadObjectId"] = Fit(entry.ActorAadObjectId),
            ["ActorName"] = Fit(entry.ActorName),
            ["ActorUpn"] = Fit(entry.ActorUpn),
            ["Action"] = Fit(entry.Action),
            ["ObjectType"] = Fit(entry.ObjectType),
            ["ObjectId"] = Fit(entry.ObjectId),
            ["Outcome"] = Fit(entry.Outcome),
            ["CorrelationId"] = Fit(entry.CorrelationId),
            ["Detail"] = Fit(entry.Detail),
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

    /// <summary>
    /// Storage refuses string properties over 64 KiB. A name or detail that long only comes from a malformed activity,
    /// and the entry must still be written (a refused write is audited too), so the text is cut rather than the entry
    /// lost (found by the reliability fuzzing).
    /// </summary>
    private static string? Fit(string? value) => value is { Length: > MaxFieldChars } ? value[..MaxFieldChars] + "…" : value;

    private const int MaxFieldChars = 4_000;

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
