using HubSpotTeamsBot.BotFramework.Connector;
using HubSpotTeamsBot.BotFramework.Schema;
using HubSpotTeamsBot.Storage;

namespace HubSpotTeamsBot.BotFramework.Queue;

/// <summary>
/// A queued activity that failed ActivityQueue:MaxDequeueCount times is not tried again: it is kept in the
/// PoisonActivities table with the error (for an operator to look at), audited, and its sender is told the request
/// could not be completed, so nobody waits for an answer that will never come.
/// </summary>
internal sealed class PoisonActivities(PoisonLog poisonLog, IServiceScopeFactory scopes, ILogger<PoisonActivities> logger)
{
    public const string Reply = "Sorry, your request could not be completed. Nothing more will happen with it; please try again.";
    public const string AuditAction = "activity.poisoned";

    public async Task RecordAsync(Activity activity, string messageId, long dequeueCount, string error, CancellationToken ct)
    {
        var tenant = activity.TenantId() ?? "unknown";
        await poisonLog.RecordAsync(new PoisonedMessage(TableNames.PoisonActivities, tenant, messageId, dequeueCount, error, AuditAction)
        {
            Tenants = [tenant],
            ActorId = activity.From?.AadObjectId ?? activity.From?.Id ?? "unknown",
            ActorName = activity.From?.Name,
            CorrelationId = activity.Id,
            Columns = new Dictionary<string, object?>
            {
                ["TenantId"] = tenant,
                ["ActivityId"] = PoisonLog.Fit(activity.Id),
                ["ActivityType"] = PoisonLog.Fit(activity.Type),
                ["ConversationId"] = PoisonLog.Fit(activity.Conversation?.Id),
            },
        }, ct);

        logger.LogError("Gave up on a queued {Type} activity after {Attempts} attempts (message {MessageId}): {Error}", activity.Type, dequeueCount, messageId, PoisonLog.Fit(error, 500));
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
}
