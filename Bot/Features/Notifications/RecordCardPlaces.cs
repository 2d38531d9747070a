using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using HubSpotTeamsBot.Storage;

namespace HubSpotTeamsBot.Features.Notifications;

/// <summary>One record card the bot posted: where it is (to update it with PUT), which record of which portal it shows,
/// and who its refresh names (null: everyone, in conversations of at most 60 members).</summary>
public sealed record RecordCardPlace(
    string TenantId,
    long PortalId,
    string RecordType,
    string RecordId,
    string ConversationId,
    string? ConversationType,
    string ActivityId,
    string ServiceUrl,
    IReadOnlyList<string>? RefreshUserIds,
    DateTimeOffset SeenAt);

/// <summary>
/// Where the bot's record cards are, in the RecordCardPlaces table (a partition per tenant, a row per record and card),
/// so that a webhook's change to a record updates its cards in place. Bounded: the newest <see cref="MaxPerRecord"/>
/// cards per record, none older than <see cref="Retention"/> (older cards scroll out of sight; Teams' own refresh still
/// serves them when someone looks).
/// </summary>
public sealed class RecordCardPlaces
{
    internal const string Table = "RecordCardPlaces";
    public const int MaxPerRecord = 20;
    public static readonly TimeSpan Retention = TimeSpan.FromDays(30);

    private readonly StorageTables _tables;
    private readonly TimeProvider _clock;

    internal RecordCardPlaces(StorageTables tables, TimeProvider clock)
    {
        _tables = tables;
        _clock = clock;
    }

    /// <summary>Adds (or renews) a card's place, then trims the record's places to the newest <see cref="MaxPerRecord"/>.</summary>
    public async Task RememberAsync(RecordCardPlace place, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(place);
        var entity = new TableEntity(TableKey.Tenant(place.TenantId), RowKey(place.RecordType, place.RecordId, place.ConversationId, place.ActivityId))
        {
            ["PortalId"] = place.PortalId,
            ["RecordType"] = place.RecordType,
            ["RecordId"] = place.RecordId,
            ["ConversationId"] = place.ConversationId,
            ["ConversationType"] = place.ConversationType,
            ["ActivityId"] = place.ActivityId,
            ["ServiceUrl"] = place.ServiceUrl,
            ["RefreshUserIds"] = place.RefreshUserIds is null ? null : JsonSerializer.Serialize(place.RefreshUserIds),
            ["SeenAt"] = place.SeenAt,
        };
        await _tables.RunAsync(Table, table => table.UpsertEntityAsync(entity, TableUpdateMode.Replace, ct), ct);
        var all = await ReadAsync(place.TenantId, place.RecordType, place.RecordId, ct);
        foreach (var old in all.OrderByDescending(p => p.Place.SeenAt).Skip(MaxPerRecord)) await DeleteAsync(old.Entity, ct);
    }

    /// <summary>The record's cards in one portal, newest first; places past <see cref="Retention"/> are deleted on the way.</summary>
    public async Task<IReadOnlyList<RecordCardPlace>> ListAsync(string tenantId, long portalId, string recordType, string recordId, CancellationToken ct = default)
    {
        var cutoff = _clock.GetUtcNow() - Retention;
        var list = new List<RecordCardPlace>();
        foreach (var (place, entity) in await ReadAsync(tenantId, recordType, recordId, ct))
        {
            if (place.SeenAt < cutoff) await DeleteAsync(entity, ct);
            else if (place.PortalId == portalId) list.Add(place);
        }
        return list.OrderByDescending(p => p.SeenAt).ToList();
    }

    /// <summary>Forgets a card that cannot be updated any more (the conversation or the message is gone).</summary>
    public Task ForgetAsync(RecordCardPlace place, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(place);
        return _tables.RunAsync(Table, table => table.DeleteEntityAsync(TableKey.Tenant(place.TenantId),
            RowKey(place.RecordType, place.RecordId, place.ConversationId, place.ActivityId), ETag.All, ct), ct);
    }

    private async Task<List<(RecordCardPlace Place, TableEntity Entity)>> ReadAsync(string tenantId, string recordType, string recordId, CancellationToken ct)
    {
        var partition = TableKey.Tenant(tenantId);
        var prefix = Prefix(recordType, recordId);
        return await _tables.RunAsync(Table, async table =>
        {
            var rows = new List<(RecordCardPlace, TableEntity)>();
            var filter = TableClient.CreateQueryFilter($"PartitionKey eq {partition} and RowKey ge {prefix} and RowKey lt {prefix + "~"}");
            await foreach (var e in table.QueryAsync<TableEntity>(filter, cancellationToken: ct)) rows.Add((FromEntity(tenantId, e), e));
            return rows;
        }, ct);
    }

    private async Task DeleteAsync(TableEntity entity, CancellationToken ct) =>
        await _tables.RunAsync(Table, table => table.DeleteEntityAsync(entity.PartitionKey, entity.RowKey, ETag.All, ct), ct);

    private static string Prefix(string recordType, string recordId) => TableKey.Escape(recordType) + "|" + TableKey.Escape(recordId) + "|";

    /// <summary>Conversation and activity ids are long and free-form; a hash keeps the row key short and legal.</summary>
    private static string RowKey(string recordType, string recordId, string conversationId, string activityId) =>
        Prefix(recordType, recordId) + Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(conversationId + "\n" + activityId)))[..40];

    private static RecordCardPlace FromEntity(string tenantId, TableEntity e) => new(
        tenantId,
        e.GetInt64("PortalId") ?? 0,
        e.GetString("RecordType") ?? "",
        e.GetString("RecordId") ?? "",
        e.GetString("ConversationId") ?? "",
        e.GetString("ConversationType"),
        e.GetString("ActivityId") ?? "",
        e.GetString("ServiceUrl") ?? "",
        e.GetString("RefreshUserIds") is { } ids ? JsonSerializer.Deserialize<List<string>>(ids) : null,
        e.GetDateTimeOffset("SeenAt") ?? DateTimeOffset.MinValue);
}
