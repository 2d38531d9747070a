namespace HubSpotTeamsBot.Webhooks;

/// <summary>Creates the webhook queue at start, so the first batch does not pay for it. In the background: a storage
/// outage at start must neither delay nor stop the bot (the inbox also creates the queue on first use).</summary>
internal sealed class WebhookQueueSetup(WebhookInbox inbox, ILogger<WebhookQueueSetup> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        try
        {
            await inbox.EnsureCreatedAsync(stoppingToken);
        }
        catch (Exception e) when (e is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
        {
            logger.LogWarning("Could not create the HubSpot webhook queue {Queue} at start ({Error}); it is created on first use", inbox.Queue.Name, e.GetType().Name);
        }
    }
}
