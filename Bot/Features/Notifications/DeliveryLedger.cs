using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using HubSpotTeamsBot.Storage;

namespace HubSpotTeamsBot.Features.Notifications;

/// <summary>
/// The card the bot keeps for one record in one conversation: the activity to update in place while the merge window
/// is open, the change lines it shows, and every event id it already carries (so a redelivered event never makes a
/// second card, whichever instance gets it).
/// </summary>
public sealed record CardEntry
{
    public required string TenantId { get; init; }
    public required string ConversationId { get; init; }
    public required string RecordType { get; init; }
    public required string RecordId { get; init; }

    /// <summary>Null while the card is being posted (or when a post's outcome was never learned: the instance died).</summary>
    public string? ActivityId { get; init; }

    public DateTimeOffset WindowStart { get; init; }

    /// <summary>Changes shown on the current card, oldest first (already card markdown, outside text escaped).</summary>
    public IReadOnlyList<string> Lines { get; init; } = [];

    /// <summary>How many changes the current card stands for (more than <see cref="Lines"/> once old lines are dropped).</summary>
    public int ChangeCount { get; init; }

    /// <summary>Events already on a card of this record here, newest last, bounded.</summary>
    public IReadOnlyList<long> EventIds { get; init; } = [];

    public string? ETag { get; init; }
}

/// <summary>A delivery Teams refused for good, or that kept failing, as admins see it in <c>status</c>.</summary>
public sealed record DeliveryFailure(DateTimeOffset At, string ConversationId, string? ConversationType, int Status, string? Code, string Reason);

/// <summary>
/// The notifications' own bookkeeping in one table, partitioned by tenant: card rows (<see cref="CardEntry"/>), the
/// recent stage history of deals (webhooks carry only the new stage; the card shows "from → to") and failed deliveries.
/// </summary>
public sealed class DeliveryLedger
{
    internal const string Table = "NotificationLedger";

    /// <summary>Event ids remembered per card row: far more than one record changes within any redelivery horizon.</summary>
    public const int RememberedEvents = 800;

    /// <summary>Change lines kept on a card; older ones are summed up in the count.</summary>
    public const int ShownLines = 8;

    private const int StageHistory = 20;
    private const string FailurePrefix = "failure|";
    private readonly StorageTables _tables;

    internal DeliveryLedger(StorageTables tables) => _tables = tables;

    public Task<CardEntry?> GetCardAsync(string tenantId, string conversationId, string recordType, string recordId, CancellationToken ct = default) =>
        _tables.RunAsync(Table, async table =>
        {
            var found = await table.GetEntityIfExistsAsync<TableEntity>(TableKey.Tenant(tenantId), CardKey(conversationId, recordType, recordId), cancellationToken: ct);
            return found.HasValue && found.Value is { } e ? FromEntity(tenantId, e) : null;
        }, ct);

    /// <summary>Every posted card of one record in the tenant, whichever conversation it is in (for a record deleted in HubSpot).</summary>
    public Task<IReadOnlyList<CardEntry>> ListCardsOfRecordAsync(string tenantId, string recordType, string recordId, CancellationToken ct = default)
    {
        var partition = TableKey.Tenant(tenantId);
        return _tables.RunAsync<IReadOnlyList<CardEntry>>(Table, async table =>
        {
            var list = new List<CardEntry>();
            var filter = TableClient.CreateQueryFilter($"PartitionKey eq {partition} and RowKey ge {"card|"} and RowKey lt {"card}"} and RecordType eq {recordType} and RecordId eq {recordId}");
            await foreach (var e in table.QueryAsync<TableEntity>(filter, cancellationToken: ct))
            {
                var entry = FromEntity(tenantId, e);
                if (entry.ActivityId is not null) list.Add(entry);
            }
            return list;
        }, ct);
    }

    /// <summary>Writes the row if nobody changed it since it was read (or, for a new row, if nobody added it); false on a race.</summary>
    public async Task<CardEntry?> TrySaveCardAsync(CardEntry entry, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var entity = ToEntity(entry);
        try
        {
            var response = await _tables.RunAsync(Table, table => entry.ETag is null
                ? table.AddEntityAsync(entity, ct)
                : table.UpdateEntityAsync(entity, new ETag(entry.ETag), TableUpdateMode.Replace, ct), ct);
            return entry with { ETag = response.Headers.ETag?.ToString() };
        }
        catch (StorageConflictException)
        {
            return null;
        }
    }

    /// <summary>
    /// Adds the stages a batch saw for one deal to its history (one read and one write per deal and batch) and returns
    /// the merged history, oldest first, from which "from → to" of each change is read.
    /// </summary>
    public async Task<IReadOnlyList<(DateTimeOffset At, string Stage)>> RecordStagesAsync(string tenantId, string dealId, IReadOnlyList<(DateTimeOffset At, string Stage)> seen, CancellationToken ct = default)
    {
        for (var attempt = 0; ; attempt++)
        {
            var (history, etag) = await ReadStagesAsync(tenantId, dealId, ct);
            var merged = history.Concat(seen).Distinct().OrderBy(h => h.At).ToList();
            if (merged.Count == history.Count) return merged;
            var entity = new TableEntity(TableKey.Tenant(tenantId), "stage|" + TableKey.Escape(dealId))
            {
                ["Stages"] = JsonSerializer.Serialize(merged.TakeLast(StageHistory).Select(h => new StageSeen(h.At.ToUnixTimeMilliseconds(), h.Stage))),
            };
            try
            {
                await _tables.RunAsync(Table, table => etag is null
                    ? table.AddEntityAsync(entity, ct)
                    : table.UpdateEntityAsync(entity, new ETag(etag), TableUpdateMode.Replace, ct), ct);
                return merged;
            }
            catch (StorageConflictException) when (attempt < 5)
            {
                // Another batch recorded a stage of the same deal at the same moment: read again and merge.
            }
        }
    }

    public Task AddFailureAsync(string tenantId, DeliveryFailure failure, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(failure);
        // Newest first when listed: the row key sorts by inverted time.
        var row = FailurePrefix + (DateTimeOffset.MaxValue.Ticks - failure.At.UtcTicks).ToString("D19", CultureInfo.InvariantCulture) + "|" + Guid.NewGuid().ToString("N");
        var entity = new TableEntity(TableKey.Tenant(tenantId), row)
        {
            ["At"] = failure.At,
            ["ConversationId"] = failure.ConversationId,
            ["ConversationType"] = failure.ConversationType,
            ["Status"] = failure.Status,
            ["Code"] = failure.Code,
            ["Reason"] = failure.Reason,
        };
        return _tables.RunAsync(Table, table => table.AddEntityAsync(entity, ct), ct);
    }

    /// <summary>Failed deliveries since <paramref name="since"/>, newest first, at most <paramref name="max"/>.</summary>
    public Task<IReadOnlyList<DeliveryFailure>> ListFailuresAsync(string tenantId, DateTimeOffset since, int max, CancellationToken ct = default)
    {
        var partition = TableKey.Tenant(tenantId);
        return _tables.RunAsync<IReadOnlyList<DeliveryFailure>>(Table, async table =>
        {
            var list = new List<DeliveryFailure>();
            var filter = TableClient.CreateQueryFilter($"PartitionKey eq {partition} and RowKey ge {FailurePrefix} and RowKey lt {"failure}"}");
            await foreach (var e in table.QueryAsync<TableEntity>(filter, cancellationToken: ct))
            {
                var at = e.GetDateTimeOffset("At") ?? DateTimeOffset.MinValue;
                if (at < since || list.Count >= max) break;
                list.Add(new DeliveryFailure(at, e.GetString("ConversationId") ?? "", e.GetString("ConversationType"), e.GetInt32("Status") ?? 0, e.GetString("Code"), e.GetString("Reason") ?? ""));
            }
            return list;
        }, ct);
    }

    private async Task<(List<(DateTimeOffset At, string Stage)> History, string? ETag)> ReadStagesAsync(string tenantId, string dealId, CancellationToken ct) =>
        await _tables.RunAsync(Table, async table =>
        {
            var found = await table.GetEntityIfExistsAsync<TableEntity>(TableKey.Tenant(tenantId), "stage|" + TableKey.Escape(dealId), cancellationToken: ct);
            if (!found.HasValue || found.Value is not { } e) return (new List<(DateTimeOffset, string)>(), (string?)null);
            var seen = JsonSerializer.Deserialize<List<StageSeen>>(e.GetString("Stages") ?? "[]") ?? [];
            return (seen.Select(s => (DateTimeOffset.FromUnixTimeMilliseconds(s.At), s.Stage)).ToList(), e.ETag.ToString());
        }, ct);

    private sealed record StageSeen(long At, string Stage);

    /// <summary>Conversation ids are long and free-form; a hash keeps the row key short and legal.</summary>
    private static string CardKey(string conversationId, string recordType, string recordId) =>
        "card|" + Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(conversationId)))[..32] + "|" + TableKey.Escape(recordType) + "|" + TableKey.Escape(recordId);

    private static TableEntity ToEntity(CardEntry c) => new(TableKey.Tenant(c.TenantId), CardKey(c.ConversationId, c.RecordType, c.RecordId))
    {
        ["ConversationId"] = c.ConversationId,
        ["RecordType"] = c.RecordType,
        ["RecordId"] = c.RecordId,
        ["ActivityId"] = c.ActivityId,
        ["WindowStart"] = c.WindowStart,
        ["Lines"] = JsonSerializer.Serialize(c.Lines.TakeLast(ShownLines)),
        ["ChangeCount"] = c.ChangeCount,
        ["EventIds"] = string.Join(',', c.EventIds.TakeLast(RememberedEvents).Select(id => id.ToString(CultureInfo.InvariantCulture))),
    };

    private static CardEntry FromEntity(string tenantId, TableEntity e) => new()
    {
        TenantId = tenantId,
        ConversationId = e.GetString("ConversationId") ?? "",
        RecordType = e.GetString("RecordType") ?? "",
        RecordId = e.GetString("RecordId") ?? "",
        ActivityId = e.GetString("ActivityId"),
        WindowStart = e.GetDateTimeOffset("WindowStart") ?? DateTimeOffset.MinValue,
        Lines = JsonSerializer.Deserialize<List<string>>(e.GetString("Lines") ?? "[]") ?? [],
        ChangeCount = e.GetInt32("ChangeCount") ?? 0,
        EventIds = (e.GetString("EventIds") ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries)
            .Select(s => long.Parse(s, CultureInfo.InvariantCulture)).ToList(),
        ETag = e.ETag.ToString(),
    };
}
