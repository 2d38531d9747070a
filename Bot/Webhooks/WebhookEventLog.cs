using System.Globalization;
using Azure;
using Azure.Data.Tables;
using HubSpotTeamsBot.Storage;

namespace HubSpotTeamsBot.Webhooks;

/// <summary>What <see cref="WebhookEventLog.ClaimAsync"/> found for one event.</summary>
public enum EventClaimStatus { Claimed, Done, Busy }

/// <summary>A claim on one event for one tenant; <see cref="ETag"/> proves it is still ours.</summary>
public sealed record EventClaim(string TenantId, HubSpotWebhookEvent Event, EventClaimStatus Status, string? ETag, DateTimeOffset? BusyUntil);

/// <summary>
/// The WebhookEvents table: a row per (tenant, portal, eventId) that says an event is being handled (until a time) or
/// was handled. HubSpot delivers an event more than once (retries, its own duplicates), and a batch can be taken
/// twice from the queue (a crash before its delete); the handler only gets an event it claimed here, and the row is
/// marked done after the handler succeeded, so a handled event is never handed over again. A claim whose instance
/// died lapses after the webhook queue's visibility timeout, when the batch is offered again. Done rows are kept past
/// HubSpot's redelivery horizon and then purged (<see cref="PurgeAsync"/>, run by <see cref="WebhookEventPurge"/>), so
/// the table holds about that horizon's events and no more.
/// </summary>
public sealed class WebhookEventLog
{
    public const string Table = "WebhookEvents";
    private const string Busy = "Busy";
    private const string Done = "Done";
    private readonly StorageTables _tables;
    private readonly TimeProvider _time;

    internal WebhookEventLog(StorageTables tables, TimeProvider time)
    {
        _tables = tables;
        _time = time;
    }

    public async Task<EventClaim> ClaimAsync(string tenantId, HubSpotWebhookEvent item, TimeSpan duration, CancellationToken ct)
    {
        var partition = TableKey.Tenant(tenantId);
        var row = RowKey(item);
        for (var attempt = 1; ; attempt++)
        {
            var now = _time.GetUtcNow();
            var entity = new TableEntity(partition, row)
            {
                ["State"] = Busy,
                ["Until"] = now + duration,
                ["PortalId"] = item.PortalId,
                ["EventId"] = item.EventId,
                ["SubscriptionType"] = item.SubscriptionType,
            };
            try
            {
                var added = await _tables.RunAsync(Table, table => table.AddEntityAsync(entity, ct), ct);
                return new EventClaim(tenantId, item, EventClaimStatus.Claimed, added.Headers.ETag?.ToString(), null);
            }
            catch (StorageConflictException) when (attempt < 5)
            {
                // The row exists: done, busy elsewhere, or a lapsed claim to take over.
            }

            var existing = await _tables.RunAsync(Table, async table =>
            {
                var found = await table.GetEntityIfExistsAsync<TableEntity>(partition, row, cancellationToken: ct);
                return found.HasValue ? found.Value : null;
            }, ct);
            if (existing is null) continue;
            if (existing.GetString("State") == Done) return new EventClaim(tenantId, item, EventClaimStatus.Done, null, null);
            if (existing.GetDateTimeOffset("Until") is { } until && until > now) return new EventClaim(tenantId, item, EventClaimStatus.Busy, null, until);
            try
            {
                var replaced = await _tables.RunAsync(Table, table => table.UpdateEntityAsync(entity, existing.ETag, TableUpdateMode.Replace, ct), ct);
                return new EventClaim(tenantId, item, EventClaimStatus.Claimed, replaced.Headers.ETag?.ToString(), null);
            }
            catch (StorageConflictException) when (attempt < 5)
            {
                // Another instance took the lapsed claim first; look again.
            }
        }
    }

    /// <summary>Keeps our claims from lapsing while the handler still runs; a claim lost meanwhile is reported false.</summary>
    public async Task<EventClaim> ExtendAsync(EventClaim claim, TimeSpan duration, CancellationToken ct)
    {
        var entity = Entity(claim, Busy, _time.GetUtcNow() + duration);
        var response = await _tables.RunAsync(Table, table => table.UpdateEntityAsync(entity, new ETag(claim.ETag!), TableUpdateMode.Replace, ct), ct);
        return claim with { ETag = response.Headers.ETag?.ToString() };
    }

    /// <summary>Marks claimed events handled (a transaction per 100 rows of a tenant: one round trip for a whole batch).</summary>
    public async Task CompleteAsync(IReadOnlyList<EventClaim> claims, CancellationToken ct)
    {
        foreach (var tenant in claims.GroupBy(c => c.TenantId))
        {
            foreach (var chunk in tenant.DistinctBy(c => RowKey(c.Event)).Chunk(100))
            {
                var actions = chunk.Select(c => new TableTransactionAction(TableTransactionActionType.UpsertReplace, Entity(c, Done, null, _time.GetUtcNow()))).ToList();
                await _tables.RunAsync(Table, table => table.SubmitTransactionAsync(actions, ct), ct);
            }
        }
    }

    /// <summary>Gives claims back after the handler failed, so the batch's next offer can claim them at once.</summary>
    public async Task ReleaseAsync(IReadOnlyList<EventClaim> claims, CancellationToken ct)
    {
        foreach (var claim in claims)
        {
            try
            {
                await _tables.RunAsync(Table, table => table.DeleteEntityAsync(TableKey.Tenant(claim.TenantId), RowKey(claim.Event), new ETag(claim.ETag!), ct), ct);
            }
            catch (StorageConflictException)
            {
                // Taken over since: the other holder's claim stays.
            }
        }
    }

    /// <summary>
    /// Deletes rows of events handled before <paramref name="cutoff"/> and claims that lapsed before it (an instance
    /// died and the batch never came back), in every tenant: a transaction per 100 rows of a partition. Returns how
    /// many rows went. A row another instance deletes or takes over meanwhile is left to it.
    /// </summary>
    public async Task<int> PurgeAsync(DateTimeOffset cutoff, CancellationToken ct)
    {
        var filter = TableClient.CreateQueryFilter($"(State eq {Done} and HandledAt lt {cutoff}) or (State eq {Busy} and Until lt {cutoff})");
        var stale = await _tables.RunAsync(Table, async table =>
        {
            var rows = new List<TableEntity>();
            await foreach (var e in table.QueryAsync<TableEntity>(filter, select: ["PartitionKey", "RowKey"], cancellationToken: ct)) rows.Add(e);
            return rows;
        }, ct);
        var purged = 0;
        foreach (var partition in stale.GroupBy(e => e.PartitionKey))
        {
            foreach (var chunk in partition.Chunk(100))
            {
                try
                {
                    var actions = chunk.Select(e => new TableTransactionAction(TableTransactionActionType.Delete, e, ETag.All)).ToList();
                    await _tables.RunAsync(Table, table => table.SubmitTransactionAsync(actions, ct), ct);
                    purged += chunk.Length;
                }
                catch (Exception e) when (e is TableTransactionFailedException or StorageConflictException)
                {
                    // A row of the chunk is already gone (another instance purged it): delete the rest one by one.
                    purged += await DeleteEachAsync(chunk, ct);
                }
            }
        }
        return purged;
    }

    private async Task<int> DeleteEachAsync(IEnumerable<TableEntity> rows, CancellationToken ct)
    {
        var deleted = 0;
        foreach (var row in rows)
        {
            var response = await _tables.RunAsync(Table, table => table.DeleteEntityAsync(row.PartitionKey, row.RowKey, ETag.All, ct), ct);
            if (response.Status is >= 200 and < 300) deleted++;
        }
        return deleted;
    }

    /// <summary>Whether the event was handled for the tenant (tests and diagnostics).</summary>
    public Task<bool> IsDoneAsync(string tenantId, long portalId, long eventId, CancellationToken ct = default) =>
        _tables.RunAsync(Table, async table =>
        {
            var found = await table.GetEntityIfExistsAsync<TableEntity>(TableKey.Tenant(tenantId), RowKey(portalId, eventId), cancellationToken: ct);
            return found.HasValue && found.Value?.GetString("State") == Done;
        }, ct);

    private static TableEntity Entity(EventClaim claim, string state, DateTimeOffset? until, DateTimeOffset? handledAt = null)
    {
        var entity = new TableEntity(TableKey.Tenant(claim.TenantId), RowKey(claim.Event))
        {
            ["State"] = state,
            ["PortalId"] = claim.Event.PortalId,
            ["EventId"] = claim.Event.EventId,
            ["SubscriptionType"] = claim.Event.SubscriptionType,
        };
        if (until is { } value) entity["Until"] = value;
        else entity["HandledAt"] = handledAt ?? throw new ArgumentNullException(nameof(handledAt));
        return entity;
    }

    private static string RowKey(HubSpotWebhookEvent item) => RowKey(item.PortalId, item.EventId);

    private static string RowKey(long portalId, long eventId) => string.Create(CultureInfo.InvariantCulture, $"{portalId}-{eventId}");
}
