using Azure.Data.Tables;
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
    private readonly StorageTables _tables;
    private readonly AuditLog _audit;
    private readonly ILogger<WebhookPoison> _logger;

    internal WebhookPoison(StorageTables tables, AuditLog audit, ILogger<WebhookPoison> logger)
    {
        _tables = tables;
        _audit = audit;
        _logger = logger;
    }

    public async Task RecordAsync(string messageId, string messageText, long dequeueCount, string error, IReadOnlyCollection<string> tenants, CancellationToken ct)
    {
        var now = DateTimeOffset.UtcNow;
        await _tables.RunAsync(Table, table => table.UpsertEntityAsync(new TableEntity("webhooks", TableKey.Escape(messageId))
        {
            ["Batch"] = Fit(messageText, 30_000),
            ["DequeueCount"] = dequeueCount,
            ["Error"] = Fit(error, 4000),
            ["Tenants"] = string.Join(' ', tenants),
            ["At"] = now,
        }, TableUpdateMode.Replace, ct), ct);

        foreach (var tenant in tenants.DefaultIfEmpty("unknown"))
        {
            await _audit.AppendAsync(new AuditEntry
            {
                TenantId = tenant,
                At = now,
                ActorAadObjectId = "hubspot-webhooks",
                ActorName = "HubSpot webhooks",
                Action = AuditAction,
                Outcome = "Failed",
                CorrelationId = messageId,
                Detail = $"gave up on a webhook batch after {dequeueCount} attempts: {Fit(error, 200)}",
            }, ct);
        }
        _logger.LogError("Gave up on HubSpot webhook batch {MessageId} after {Attempts} attempts: {Error}", messageId, dequeueCount, Fit(error, 500));
    }

    private static string Fit(string value, int max) => value.Length <= max ? value : value[..max];
}
