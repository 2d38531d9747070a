using System.Text.Json;
using Azure;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using HubSpotTeamsBot.Storage;
using Microsoft.Extensions.Options;

namespace HubSpotTeamsBot.Webhooks;

/// <summary>
/// Runs on every instance: takes accepted webhook batches from the queue (hidden for Webhooks:VisibilityTimeout,
/// renewed while the handler runs), and per portal → each tenant that linked it: claims each event in
/// <see cref="WebhookEventLog"/>, hands the events it claimed to <see cref="IHubSpotEventHandler"/> in
/// <c>occurredAt</c> order, marks them done, and deletes the message only when every event is done. A handler that
/// throws gets the events again when the message comes back; after Webhooks:MaxDequeueCount offers the batch goes to
/// <see cref="WebhookPoison"/>. Without a registered handler the worker does nothing and batches wait in the queue.
/// </summary>
internal sealed class WebhookWorker(
    IServiceProvider services,
    WebhookInbox inbox,
    WebhookEventLog eventLog,
    WebhookPortals portals,
    WebhookPoison poison,
    WebhookReceipts receipts,
    IOptions<WebhookOptions> options,
    ILogger<WebhookWorker> logger) : BackgroundService
{
    private const int BatchSize = 16;
    private static readonly TimeSpan MinPollDelay = TimeSpan.FromMilliseconds(20);
    private readonly WebhookOptions _options = options.Value;

    protected override async Task ExecuteAsync(CancellationToken stopping)
    {
        var handler = services.GetService<IHubSpotEventHandler>();
        if (handler is null)
        {
            logger.LogWarning("No HubSpot event handler is registered: accepted webhook batches wait in queue {Queue}", inbox.Queue.Name);
            return;
        }

        await Task.Yield();
        var delay = MinPollDelay;
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                QueueMessage[] received = (await inbox.Queue.ReceiveMessagesAsync(BatchSize, _options.VisibilityTimeout, stopping)).Value;
                if (received.Length == 0)
                {
                    var woken = await inbox.WaitForStoreAsync(delay, stopping);
                    delay = woken ? MinPollDelay : TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, _options.MaxPollDelay.Ticks));
                    continue;
                }
                delay = MinPollDelay;
                // One batch after the other: events of a portal reach the handler in the order they were stored.
                foreach (var message in received.OrderBy(m => m.InsertedOn)) await ProcessAsync(handler, message, stopping);
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                break;
            }
            catch (Exception error)
            {
                if (error is RequestFailedException { ErrorCode: "QueueNotFound" })
                {
                    try
                    {
                        await inbox.EnsureCreatedAsync(stopping);
                    }
                    catch (Exception e) when (e is not OperationCanceledException)
                    {
                        // Storage is away; the next round tries again.
                    }
                }
                logger.LogWarning("HubSpot webhook queue {Queue}: {Error}; trying again shortly", inbox.Queue.Name, error.GetType().Name);
                try
                {
                    await Task.Delay(_options.MaxPollDelay, stopping);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }
        }
    }

    private async Task ProcessAsync(IHubSpotEventHandler handler, QueueMessage message, CancellationToken stopping)
    {
        using var held = new HeldMessage(inbox.Queue, message);
        var text = message.Body.ToString();
        IReadOnlyList<HubSpotWebhookEvent> events;
        try
        {
            events = QueuedWebhookBatch.Unpack(text).Events;
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException)
        {
            await poison.RecordAsync(message.MessageId, text, message.DequeueCount, "the queued batch cannot be read: " + e.GetType().Name, [], CancellationToken.None);
            await held.DeleteAsync();
            return;
        }

        if (message.DequeueCount > _options.MaxDequeueCount)
        {
            await poison.RecordAsync(message.MessageId, text, message.DequeueCount, "the batch was offered more often than Webhooks:MaxDequeueCount", await TenantsOfAsync(events), CancellationToken.None);
            await held.DeleteAsync();
            return;
        }

        using var keepAlive = new CancellationTokenSource();
        var renewing = KeepHiddenAsync(held, keepAlive.Token);
        Exception? failure = null;
        DateTimeOffset? busyUntil = null;
        try
        {
            foreach (var portal in events.DistinctBy(e => e.EventId).GroupBy(e => e.PortalId))
            {
                var tenants = await portals.TenantsAsync(portal.Key, stopping);
                if (tenants.Count == 0)
                {
                    logger.LogWarning("Dropped {Count} HubSpot webhook events of portal {PortalId}: no tenant has it linked any more", portal.Count(), portal.Key);
                    continue;
                }
                foreach (var tenant in tenants)
                {
                    var (error, busy) = await HandleAsync(handler, held, tenant, portal.Key, portal.ToList(), stopping);
                    failure ??= error;
                    if (busy is { } until && (busyUntil is null || until > busyUntil)) busyUntil = until;
                }
            }
        }
        catch (Exception e) when (e is not OperationCanceledException || !stopping.IsCancellationRequested)
        {
            failure ??= e;
        }
        finally
        {
            await keepAlive.CancelAsync();
            await renewing;
        }

        if (stopping.IsCancellationRequested && failure is OperationCanceledException) return; // comes back after the visibility timeout
        if (failure is null && busyUntil is null)
        {
            await held.DeleteAsync();
        }
        else if (failure is not null && message.DequeueCount >= _options.MaxDequeueCount)
        {
            await poison.RecordAsync(message.MessageId, text, message.DequeueCount, $"{failure.GetType().Name}: {failure.Message}", await TenantsOfAsync(events), CancellationToken.None);
            await held.DeleteAsync();
        }
        else if (failure is null && busyUntil is { } until)
        {
            // Another instance is handling some of these events (a duplicate batch): look again once its claims lapse.
            await held.ComeBackAfterAsync(until - DateTimeOffset.UtcNow + TimeSpan.FromSeconds(1), _options.VisibilityTimeout);
        }
        // Otherwise the handler failed: the message comes back after the visibility timeout and is offered again.
    }

    private async Task<(Exception? Failure, DateTimeOffset? BusyUntil)> HandleAsync(IHubSpotEventHandler handler, HeldMessage held, string tenant, long portalId,
        IReadOnlyList<HubSpotWebhookEvent> events, CancellationToken stopping)
    {
        var claims = await Task.WhenAll(events.Select(e => eventLog.ClaimAsync(tenant, e, _options.VisibilityTimeout, stopping)));
        var busyUntil = claims.Where(c => c.Status == EventClaimStatus.Busy).Max(c => c.BusyUntil);
        var mine = claims.Where(c => c.Status == EventClaimStatus.Claimed).ToList();
        if (mine.Count == 0) return (null, busyUntil);

        held.Track(mine);
        try
        {
            var ordered = mine.Select(c => c.Event).OrderBy(e => e.OccurredAt).ThenBy(e => e.EventId).ToList();
            await handler.HandleAsync(new HubSpotEventBatch(tenant, portalId, ordered), stopping);
        }
        catch (Exception error)
        {
            receipts.Failed(portalId, mine.Count, error.GetType().Name);
            logger.LogWarning(error, "The HubSpot event handler failed for {Count} events of portal {PortalId} (batch attempt {Attempt}); they will be offered again",
                mine.Count, portalId, held.Message.DequeueCount);
            try
            {
                await eventLog.ReleaseAsync(held.Untrack(mine), CancellationToken.None);
            }
            catch (Exception e) when (e is StorageUnavailableException or RequestFailedException)
            {
                // The claims lapse after the visibility timeout, when the batch comes back.
            }
            return (error, busyUntil);
        }

        await UntilStorageAnswersAsync(() => eventLog.CompleteAsync(held.Untrack(mine), CancellationToken.None));
        return (null, busyUntil);
    }

    private async Task<IReadOnlyCollection<string>> TenantsOfAsync(IReadOnlyList<HubSpotWebhookEvent> events)
    {
        var tenants = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var portal in events.Select(e => e.PortalId).Distinct())
        {
            try
            {
                tenants.UnionWith(await portals.TenantsAsync(portal, CancellationToken.None));
            }
            catch (Exception e) when (e is StorageUnavailableException or RequestFailedException)
            {
                // Audited under "unknown" instead.
            }
        }
        return tenants;
    }

    /// <summary>Renews the message's invisibility and the claims of the events being handled, every third of the timeout.</summary>
    private async Task KeepHiddenAsync(HeldMessage held, CancellationToken done)
    {
        var every = _options.VisibilityTimeout / 3;
        while (!done.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(every, done);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            try
            {
                await held.RenewAsync(_options.VisibilityTimeout, claim => eventLog.ExtendAsync(claim, _options.VisibilityTimeout, CancellationToken.None));
            }
            catch (Exception e) when (e is RequestFailedException or StorageUnavailableException or StorageConflictException or HttpRequestException or IOException)
            {
                logger.LogWarning("Could not keep HubSpot webhook batch {MessageId} hidden: {Error}", held.Message.MessageId, e.GetType().Name);
            }
        }
    }

    /// <summary>Marking events done must not be given up on during a short outage, or they would be handled again.</summary>
    private async Task UntilStorageAnswersAsync(Func<Task> step)
    {
        var deadline = DateTimeOffset.UtcNow + _options.VisibilityTimeout;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await step();
                return;
            }
            catch (Exception e) when (DateTimeOffset.UtcNow < deadline && e is StorageUnavailableException or RequestFailedException { Status: 0 or >= 500 } or HttpRequestException or IOException)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(1000, 100 * attempt)));
            }
        }
    }
}
