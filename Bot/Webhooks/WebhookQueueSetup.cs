namespace HubSpotTeamsBot.Webhooks;

/// <summary>Creates the webhook queue at start, so the first batch does not pay for it. A storage outage at start
/// does not stop the bot: the inbox creates the queue on first use as well.</summary>
internal sealed class WebhookQueueSetup(WebhookInbox inbox, ILogger<WebhookQueueSetup> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            await inbox.EnsureCreatedAsync(cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning("Could not create the HubSpot webhook queue {Queue} at start ({Error}); it is created on first use", inbox.Queue.Name, e.GetType().Name);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
