using Azure.Data.Tables;

namespace HubSpotTeamsBot.Storage;

/// <summary>
/// The latest conversation reference per conversation and per user, refreshed on every inbound activity.
/// Both rows live in the tenant's partition and are written in one transaction, so they never disagree.
/// </summary>
public sealed class ConversationReferenceStore
{
    private const string PersonalConversation = "personal";
    private readonly StorageTables _tables;
    private readonly TimeProvider _time;

    internal ConversationReferenceStore(StorageTables tables, TimeProvider time)
    {
        _tables = tables;
        _time = time;
    }

    /// <summary>Upserts the conversation's row and, when the sender's Entra id is known, the user's row.</summary>
    public Task SaveAsync(ConversationReference reference, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(reference);
        EnsureFits(reference);
        var partition = TableKey.Tenant(reference.TenantId);
        var now = _time.GetUtcNow();
        var actions = new List<TableTransactionAction>
        {
            new(TableTransactionActionType.UpsertReplace, ConversationRow(partition, reference, now)),
        };
        if (!string.IsNullOrEmpty(reference.UserAadObjectId))
        {
            // Merge, so a message in a channel does not erase the personal chat id learned earlier.
            actions.Add(new(TableTransactionActionType.UpsertMerge, UserRow(partition, reference, now)));
        }

        return _tables.RunAsync(TableNames.ConversationReferences, table => table.SubmitTransactionAsync(actions, ct), ct);
    }

    /// <summary>
    /// The user's personal chat with the bot when one was seen; otherwise the last conversation they wrote in
    /// (check <see cref="ConversationReference.ConversationType"/> before sending something private).
    /// </summary>
    public Task<ConversationReference?> GetForUserAsync(string tenantId, string aadObjectId, CancellationToken ct = default) =>
        GetAsync(tenantId, UserKey(aadObjectId), FromUserRow, ct);

    public Task<ConversationReference?> GetForConversationAsync(string tenantId, string conversationId, CancellationToken ct = default) =>
        GetAsync(tenantId, ConversationKey(conversationId), FromConversationRow, ct);

    private Task<ConversationReference?> GetAsync(
        string tenantId, string row, Func<string, TableEntity, ConversationReference> map, CancellationToken ct)
    {
        var partition = TableKey.Tenant(tenantId);
        return _tables.RunAsync(TableNames.ConversationReferences, async table =>
        {
            var found = await table.GetEntityIfExistsAsync<TableEntity>(partition, row, cancellationToken: ct);
            return found.HasValue && found.Value is { } entity ? map(tenantId, entity) : null;
        }, ct);
    }

    /// <summary>
    /// Table keys hold at most 1 KiB and string properties 64 KiB. Real Teams ids are far shorter; an activity carrying
    /// bigger ones is malformed, and storage would refuse the write with a 400 the caller cannot act on.
    /// </summary>
    private static void EnsureFits(ConversationReference reference)
    {
        const int MaxKeyChars = 500;
        const int MaxValueChars = 30_000;
        var keys = new[] { reference.TenantId, reference.ConversationId, reference.UserAadObjectId };
        var values = new[] { reference.ConversationType, reference.ServiceUrl, reference.BotId, reference.BotName, reference.UserId, reference.UserName };
        if (keys.Any(k => !string.IsNullOrEmpty(k) && TableKey.Escape(k).Length > MaxKeyChars) || values.Any(v => v is { Length: > MaxValueChars }))
            throw new ArgumentException("The conversation reference has ids or names too long to store.", nameof(reference));
    }

    private static string UserKey(string aadObjectId) => "user:" + TableKey.Escape(aadObjectId);

    private static string ConversationKey(string conversationId) => "conversation:" + TableKey.Escape(conversationId);

    private static TableEntity ConversationRow(string partition, ConversationReference reference, DateTimeOffset now) =>
        new(partition, ConversationKey(reference.ConversationId))
        {
            ["TenantId"] = reference.TenantId,
            ["ConversationId"] = reference.ConversationId,
            ["ConversationType"] = reference.ConversationType,
            ["ServiceUrl"] = reference.ServiceUrl,
            ["BotId"] = reference.BotId,
            ["BotName"] = reference.BotName,
            ["UserId"] = reference.UserId,
            ["UserAadObjectId"] = reference.UserAadObjectId,
            ["UserName"] = reference.UserName,
            ["UpdatedAt"] = now,
        };

    private static TableEntity UserRow(string partition, ConversationReference reference, DateTimeOffset now)
    {
        var row = new TableEntity(partition, UserKey(reference.UserAadObjectId!))
        {
            ["TenantId"] = reference.TenantId,
            ["LastConversationId"] = reference.ConversationId,
            ["LastConversationType"] = reference.ConversationType,
            ["ServiceUrl"] = reference.ServiceUrl,
            ["BotId"] = reference.BotId,
            ["BotName"] = reference.BotName,
            ["UserId"] = reference.UserId,
            ["UserAadObjectId"] = reference.UserAadObjectId,
            ["UserName"] = reference.UserName,
            ["UpdatedAt"] = now,
        };
        if (string.Equals(reference.ConversationType, PersonalConversation, StringComparison.OrdinalIgnoreCase))
        {
            row["PersonalConversationId"] = reference.ConversationId;
        }

        return row;
    }

    private static ConversationReference FromConversationRow(string tenantId, TableEntity entity) => new()
    {
        TenantId = entity.GetString("TenantId") ?? tenantId,
        ConversationId = entity.GetString("ConversationId") ?? "",
        ConversationType = entity.GetString("ConversationType"),
        ServiceUrl = entity.GetString("ServiceUrl") ?? "",
        BotId = entity.GetString("BotId") ?? "",
        BotName = entity.GetString("BotName"),
        UserId = entity.GetString("UserId"),
        UserAadObjectId = entity.GetString("UserAadObjectId"),
        UserName = entity.GetString("UserName"),
        UpdatedAt = entity.GetDateTimeOffset("UpdatedAt") ?? DateTimeOffset.MinValue,
    };

    private static ConversationReference FromUserRow(string tenantId, TableEntity entity)
    {
        var personal = entity.GetString("PersonalConversationId");
        return new()
        {
            TenantId = entity.GetString("TenantId") ?? tenantId,
            ConversationId = personal ?? entity.GetString("LastConversationId") ?? "",
            ConversationType = personal is not null ? PersonalConversation : entity.GetString("LastConversationType"),
            ServiceUrl = entity.GetString("ServiceUrl") ?? "",
            BotId = entity.GetString("BotId") ?? "",
            BotName = entity.GetString("BotName"),
            UserId = entity.GetString("UserId"),
            UserAadObjectId = entity.GetString("UserAadObjectId"),
            UserName = entity.GetString("UserName"),
            UpdatedAt = entity.GetDateTimeOffset("UpdatedAt") ?? DateTimeOffset.MinValue,
        };
    }
}
