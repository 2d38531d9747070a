using Microsoft.Extensions.Options;

namespace HubSpotTeamsBot.Webhooks;

/// <summary>
/// Keeps the WebhookEvents table bounded: every <see cref="WebhookOptions.EventPurgeInterval"/> it deletes the rows of
/// events handled longer ago than <see cref="WebhookOptions.EventRetention"/> (past HubSpot's redelivery horizon, a
/// redelivered event can no longer come). Every instance runs it; deleting is idempotent, so they need no coordination.
/// </summary>
public sealed partial class WebhookEventPurge(WebhookEventLog log, IOptions<WebhookOptions> options, TimeProvider clock, ILogger<WebhookEventPurge> logger)
    : BackgroundService
{
    /// <summary>One purge now: rows older than the retention go. Returns how many.</summary>
    public async Task<int> PurgeOnceAsync(CancellationToken ct)
    {
        var purged = await log.PurgeAsync(clock.GetUtcNow() - options.Value.EventRetention, ct);
        if (purged > 0) LogPurged(logger, purged);
        return purged;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.EventPurgeInterval, clock);
        do
        {
            try
            {
                await PurgeOnceAsync(stoppingToken);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                // Storage trouble: the rows wait for the next round, and dedup is unaffected by rows kept longer.
                LogFailed(logger, e.GetType().Name);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Purged {Count} handled webhook event rows past the redelivery horizon")]
    private static partial void LogPurged(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Purging old webhook event rows failed ({Error}); trying again next round")]
    private static partial void LogFailed(ILogger logger, string error);
}
