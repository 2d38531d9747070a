using System.Globalization;
using Azure;
using Azure.Data.Tables;
using HubSpotTeamsBot.Storage;

namespace HubSpotTeamsBot.Features.Notifications;

/// <summary>
/// Subscriptions per tenant in Azure Table storage (one partition per tenant, one row per subscription), so every bot
/// instance delivers from the same list. Changes are audited by the feature, not here.
/// </summary>
public sealed class NotificationSubscriptionStore
{
    internal const string Table = "NotificationSubscriptions";
    private readonly StorageTables _tables;

    internal NotificationSubscriptionStore(StorageTables tables) => _tables = tables;

    public Task<IReadOnlyList<NotificationSubscription>> ListAsync(string tenantId, CancellationToken ct = default)
    {
        var partition = TableKey.Tenant(tenantId);
        return _tables.RunAsync<IReadOnlyList<NotificationSubscription>>(Table, async table =>
        {
            var list = new List<NotificationSubscription>();
            await foreach (var entity in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {partition}"), cancellationToken: ct))
                list.Add(FromEntity(tenantId, entity));
            return list.OrderBy(s => s.CreatedAt).ToList();
        }, ct);
    }

    public Task<NotificationSubscription?> GetAsync(string tenantId, string id, CancellationToken ct = default) =>
        _tables.RunAsync(Table, async table =>
        {
            var found = await table.GetEntityIfExistsAsync<TableEntity>(TableKey.Tenant(tenantId), TableKey.Escape(id), cancellationToken: ct);
            return found.HasValue && found.Value is { } entity ? FromEntity(tenantId, entity) : null;
        }, ct);

    public Task SaveAsync(NotificationSubscription subscription, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(subscription);
        return _tables.RunAsync(Table, table => table.UpsertEntityAsync(ToEntity(subscription), TableUpdateMode.Replace, ct), ct);
    }

    /// <summary>True when the row existed.</summary>
    public Task<bool> RemoveAsync(string tenantId, string id, CancellationToken ct = default) =>
        _tables.RunAsync(Table, async table =>
        {
            var response = await table.DeleteEntityAsync(TableKey.Tenant(tenantId), TableKey.Escape(id), ETag.All, ct);
            return response.Status != 404;
        }, ct);

    /// <summary>Disables every active subscription that posts into the conversation; returns those it disabled.</summary>
    public async Task<IReadOnlyList<NotificationSubscription>> DisableConversationAsync(string tenantId, string conversationId, string reason, DateTimeOffset at, CancellationToken ct = default)
    {
        var disabled = new List<NotificationSubscription>();
        foreach (var subscription in (await ListAsync(tenantId, ct)).Where(s => s.IsActive && s.ConversationId == conversationId))
        {
            var changed = subscription with { DisabledAt = at, DisabledReason = reason };
            try
            {
                await _tables.RunAsync(Table, table => table.UpdateEntityAsync(ToEntity(changed), new ETag(subscription.ETag!), TableUpdateMode.Replace, ct), ct);
                disabled.Add(changed);
            }
            catch (StorageConflictException)
            {
                // Another instance disabled (or someone removed) it at the same moment: it is no longer active either way.
            }
        }
        return disabled;
    }

    private static TableEntity ToEntity(NotificationSubscription s) => new(TableKey.Tenant(s.TenantId), TableKey.Escape(s.Id))
    {
        ["TenantId"] = s.TenantId,
        ["Id"] = s.Id,
        ["Kind"] = s.Kind.ToString(),
        ["ConversationId"] = s.ConversationId,
        ["ConversationType"] = s.ConversationType,
        ["ServiceUrl"] = s.ServiceUrl,
        ["BotId"] = s.BotId,
        ["PipelineId"] = s.PipelineId,
        ["StageId"] = s.StageId,
        ["MinAmount"] = s.MinAmount?.ToString(CultureInfo.InvariantCulture),
        ["OwnerId"] = s.OwnerId,
        ["LifecycleStage"] = s.LifecycleStage,
        ["UserAadObjectId"] = s.UserAadObjectId,
        ["CreatedByAadObjectId"] = s.CreatedByAadObjectId,
        ["CreatedByName"] = s.CreatedByName,
        ["CreatedAt"] = s.CreatedAt,
        ["DisabledAt"] = s.DisabledAt,
        ["DisabledReason"] = s.DisabledReason,
    };

    private static NotificationSubscription FromEntity(string tenantId, TableEntity e) => new()
    {
        TenantId = e.GetString("TenantId") ?? tenantId,
        Id = e.GetString("Id") ?? e.RowKey,
        Kind = Enum.TryParse<SubscriptionKind>(e.GetString("Kind"), out var kind) ? kind : SubscriptionKind.Deals,
        ConversationId = e.GetString("ConversationId") ?? "",
        ConversationType = e.GetString("ConversationType"),
        ServiceUrl = e.GetString("ServiceUrl") ?? "",
        BotId = e.GetString("BotId") ?? "",
        PipelineId = e.GetString("PipelineId"),
        StageId = e.GetString("StageId"),
        MinAmount = decimal.TryParse(e.GetString("MinAmount"), NumberStyles.Number, CultureInfo.InvariantCulture, out var min) ? min : null,
        OwnerId = e.GetString("OwnerId"),
        LifecycleStage = e.GetString("LifecycleStage"),
        UserAadObjectId = e.GetString("UserAadObjectId"),
        CreatedByAadObjectId = e.GetString("CreatedByAadObjectId") ?? "",
        CreatedByName = e.GetString("CreatedByName"),
        CreatedAt = e.GetDateTimeOffset("CreatedAt") ?? DateTimeOffset.MinValue,
        DisabledAt = e.GetDateTimeOffset("DisabledAt"),
        DisabledReason = e.GetString("DisabledReason"),
        ETag = e.ETag.ToString(),
    };
}
