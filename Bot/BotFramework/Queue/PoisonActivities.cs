using Azure.Data.Tables;
using HubSpotTeamsBot.BotFramework.Connector;
using HubSpotTeamsBot.BotFramework.Schema;
using HubSpotTeamsBot.Storage;

namespace HubSpotTeamsBot.BotFramework.Queue;

/// <summary>
/// A queued activity that failed ActivityQueue:MaxDequeueCount times is not tried again: it is kept in the
/// PoisonActivities table with the error (for an operator to look at), audited, and its sender is told the request
/// could not be completed, so nobody waits for an answer that will never come.
/// </summary>
internal sealed class PoisonActivities(StorageTables tables, AuditLog audit, IServiceScopeFactory scopes, ILogger<PoisonActivities> logger)
{
    public const string Reply = "Sorry, your request could not be completed. Nothing more will happen with it; please try again.";
    public const string AuditAction = "activity.poisoned";

    public async Task RecordAsync(Activity activity, string messageId, long dequeueCount, string error, CancellationToken ct)
    {
        var tenant = activity.TenantId() ?? "unknown";
        await tables.RunAsync(TableNames.PoisonActivities, table => table.UpsertEntityAsync(new TableEntity(TableKey.Tenant(tenant), TableKey.Escape(messageId))
        {
            ["TenantId"] = tenant,
            ["ActivityId"] = Fit(activity.Id),
            ["ActivityType"] = Fit(activity.Type),
            ["ConversationId"] = Fit(activity.Conversation?.Id),
            ["DequeueCount"] = dequeueCount,
            ["Error"] = Fit(error),
            ["At"] = DateTimeOffset.UtcNow,
        }, TableUpdateMode.Replace, ct), ct);

        await audit.AppendAsync(new AuditEntry
        {
            TenantId = tenant,
            At = DateTimeOffset.UtcNow,
            ActorAadObjectId = activity.From?.AadObjectId ?? activity.From?.Id ?? "unknown",
            ActorName = activity.From?.Name,
            Action = AuditAction,
            Outcome = "Failed",
            CorrelationId = activity.Id,
            Detail = $"gave up after {dequeueCount} attempts: {Fit(error, 200)}",
        }, ct);

        logger.LogError("Gave up on a queued {Type} activity after {Attempts} attempts (message {MessageId}): {Error}", activity.Type, dequeueCount, messageId, Fit(error, 500));
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var connector = scope.ServiceProvider.GetRequiredService<ConnectorClient>();
            var message = Activity.Message(Reply);
            if (activity.Id is { } id) await connector.ReplyAsync(activity.ServiceUrl!, activity.Conversation!.Id!, id, message, ct);
            else await connector.SendAsync(activity.ServiceUrl!, activity.Conversation!.Id!, message, ct);
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            // The poison row and the audit entry stand; the user could not be told.
            logger.LogWarning("Could not tell the sender of poisoned activity {MessageId}: {Error}", messageId, e.GetType().Name);
        }
    }

    /// <summary>Table string columns hold 32K characters; errors are cut well below that.</summary>
    private static string? Fit(string? value, int max = 4000) => value is null || value.Length <= max ? value : value[..max];
}
