using HubSpotTeamsBot.Storage;

namespace HubSpotTeamsBot.Webhooks;

/// <summary>
/// A webhook batch offered Webhooks:MaxDequeueCount times without being handled is not offered again: it is kept in
/// the PoisonWebhooks table (events and the last error, for an operator) and audited for each tenant it concerned.
/// </summary>
public sealed class WebhookPoison
{
    public const string Table = "PoisonWebhooks";
    public const string AuditAction = "webhook.poisoned";
    private readonly PoisonLog _poisonLog;
    private readonly ILogger<WebhookPoison> _logger;

    internal WebhookPoison(PoisonLog poisonLog, ILogger<WebhookPoison> logger)
    {
        _poisonLog = poisonLog;
        _logger = logger;
    }

    public async Task RecordAsync(string messageId, string messageText, long dequeueCount, string error, IReadOnlyCollection<string> tenants, CancellationToken ct)
    {
        await _poisonLog.RecordAsync(new PoisonedMessage(Table, "webhooks", messageId, dequeueCount, error, AuditAction)
        {
            Tenants = tenants,
            ActorId = "hubspot-webhooks",
            ActorName = "HubSpot webhooks",
            CorrelationId = messageId,
            What = "a webhook batch",
            Columns = new Dictionary<string, object?>
            {
                ["Batch"] = PoisonLog.Fit(messageText, 30_000),
                ["Tenants"] = string.Join(' ', tenants),
            },
        }, ct);
        _logger.LogError("Gave up on HubSpot webhook batch {MessageId} after {Attempts} attempts: {Error}", messageId, dequeueCount, PoisonLog.Fit(error, 500));
    }
}
