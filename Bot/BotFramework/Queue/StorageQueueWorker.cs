using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using HubSpotTeamsBot.BotFramework.Hosting;
using HubSpotTeamsBot.BotFramework.Schema;
using HubSpotTeamsBot.Storage;
using Microsoft.Extensions.Options;
using OpenTelemetry;

namespace HubSpotTeamsBot.BotFramework.Queue;

/// <summary>
/// Runs the durable queue's activities on every instance. Per partition: while another instance holds the partition's
/// lease, only peek; holding it, receive a batch (hidden for ActivityQueue:VisibilityTimeout, renewed while the turns
/// run), run each conversation's messages one after the other in the order they were queued, and delete a message only
/// after its turn (effects and replies) is done. A crash before the delete means the message comes back after the
/// visibility timeout; a claim in the idempotency store keyed by the activity id makes a turn that did finish (but
/// whose message was not yet deleted), or a second copy the channel sent, not run — and reply — again.
/// </summary>
internal sealed partial class StorageQueueWorker(
    QueueServiceClient queues,
    BlobServiceClient blobs,
    ActivityPartitions partitions,
    PartitionSignals signals,
    TurnRunner runner,
    IdempotencyStore idempotency,
    DoneMarks doneMarks,
    PoisonActivities poison,
    IOptions<ActivityQueueOptions> queueOptions,
    IOptions<BotOptions> botOptions,
    ILogger<StorageQueueWorker> logger) : BackgroundService
{
    private const int BatchSize = 32;

    /// <summary>Messages one instance holds hidden per partition at a time (taken but not finished).</summary>
    private const int MaxInFlightPerPartition = 64;
    private static readonly TimeSpan MinPollDelay = TimeSpan.FromMilliseconds(20);

    /// <summary>Time added to another attempt's claim expiry before a message blocked by it is looked at again (clock skew, the claim's own write).</summary>
    private static readonly TimeSpan ClaimLapseMargin = TimeSpan.FromSeconds(1);
    private readonly ActivityQueueOptions _options = queueOptions.Value;
    private readonly SemaphoreSlim _turns = new(botOptions.Value.QueueConcurrency);

    /// <summary>A partition is given back after this long even when busy, so partitions spread over instances that start later.</summary>
    private TimeSpan MaxHold => _options.LeaseDuration * 2;

    /// <summary>A partition with nothing to do is given back after this long.</summary>
    private TimeSpan MaxIdleHold => _options.LeaseDuration / 3;

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(Enumerable.Range(0, partitions.Count).Select(i => Task.Run(() => WorkPartitionAsync(i, stoppingToken), CancellationToken.None)));

    private async Task WorkPartitionAsync(int partition, CancellationToken stopping)
    {
        // Polling, leases and visibility renewals are not work anyone asked for: tracing them would fill the exporter's
        // sampling budget (and the App Insights bill) with empty receives and crowd out the turns. HandleAsync traces again.
        using var quiet = SuppressInstrumentationScope.Begin();
        var queue = queues.GetQueueClient(partitions.QueueNames[partition]);
        var lease = new PartitionLease(blobs.GetBlobContainerClient(partitions.LeaseContainer), $"partition-{partition}", _options.LeaseDuration);
        var delay = MinPollDelay;
        var polled = false;
        var heldSince = DateTimeOffset.MinValue;
        var busyAt = DateTimeOffset.MinValue;
        PartitionWork? work = null;
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                if (!lease.Held)
                {
                    if (!await HasMessagesAsync(queue, stopping))
                    {
                        (delay, polled) = await IdleAsync(partition, delay, stopping);
                        continue;
                    }
                    if (!await lease.TryAcquireAsync(stopping))
                    {
                        await Task.Delay(Jitter(_options.MaxPollDelay), stopping);
                        continue;
                    }
                    heldSince = busyAt = DateTimeOffset.UtcNow;
                    work = new PartitionWork(KeepHiddenAsync, queue, lease);
                }
                if (!await lease.KeepAsync(stopping))
                {
                    // Lost the partition: finish what this instance took, take nothing more.
                    await FinishAsync(work, lease);
                    work = null;
                    continue;
                }

                var room = MaxInFlightPerPartition - work!.InFlight.Count;
                if (room <= 0)
                {
                    await Task.Delay(MinPollDelay, stopping);
                    continue;
                }
                var requested = Math.Min(BatchSize, room);
                QueueMessage[] received = (await queue.ReceiveMessagesAsync(requested, _options.VisibilityTimeout, stopping)).Value;
                var now = DateTimeOffset.UtcNow;
                if (received.Length == 0)
                {
                    if (work.InFlight.IsEmpty && now - busyAt > MaxIdleHold)
                    {
                        await FinishAsync(work, lease);
                        work = null;
                    }
                    (delay, polled) = await IdleAsync(partition, delay, stopping);
                    continue;
                }

                // A poll found work another instance queued: look again soon. A local wake-up says nothing about that.
                if (polled) delay = MinPollDelay;
                busyAt = now;
                // Started, not awaited: the next receive overlaps these turns; each conversation's turns stay in order.
                await DispatchAsync(queue, work, received);
                if (DateTimeOffset.UtcNow - heldSince > MaxHold)
                {
                    // Give another instance a chance at it: it may have fewer partitions than this one.
                    await FinishAsync(work, lease);
                    work = null;
                    await Task.Delay(Jitter(_options.MaxPollDelay), stopping);
                }
                else if (received.Length < requested)
                {
                    // Fewer than asked for: the queue had no more visible, so receiving again at once would come back
                    // empty (one storage call per turn at low load). A local enqueue wakes the loop at once.
                    (delay, polled) = await IdleAsync(partition, delay, stopping);
                }
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                break;
            }
            catch (Exception error)
            {
                logger.LogWarning("Activity queue {Queue}: {Error}; trying again shortly", partitions.QueueNames[partition], error.GetType().Name);
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
        // Shutting down: the turns already taken finish (and are deleted) before the lease is given back.
        await FinishAsync(work, lease);
    }

    /// <summary>Waits for every turn taken from the partition, stops keeping their messages hidden, gives the lease back.</summary>
    private static async Task FinishAsync(PartitionWork? work, PartitionLease lease)
    {
        if (work is not null) await work.StopAsync();
        await lease.ReleaseAsync();
    }

    private static async Task<bool> HasMessagesAsync(QueueClient queue, CancellationToken stopping)
    {
        try
        {
            return (await queue.PeekMessagesAsync(1, stopping)).Value.Length > 0;
        }
        catch (RequestFailedException e) when (e.ErrorCode == "QueueNotFound")
        {
            await queue.CreateIfNotExistsAsync(cancellationToken: stopping);
            return false;
        }
    }

    /// <summary>
    /// Waits for a local enqueue's wake-up or the poll delay. Polls are only for what other instances queue, so they
    /// back off towards MaxPollDelay while they find nothing, and a wake-up leaves that back-off alone: resetting it
    /// on every local enqueue made an instance poll its queues every few milliseconds between its own messages (about
    /// one empty receive per turn at moderate load). Polled is true when the wait ended without a wake-up.
    /// </summary>
    private async Task<(TimeSpan Delay, bool Polled)> IdleAsync(int partition, TimeSpan delay, CancellationToken stopping)
    {
        var woken = await signals.WaitAsync(partition, delay, stopping);
        return woken ? (delay, false) : (TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, _options.MaxPollDelay.Ticks)), true);
    }

    private static TimeSpan Jitter(TimeSpan max) => TimeSpan.FromMilliseconds(Random.Shared.NextDouble() * max.TotalMilliseconds);

    /// <summary>
    /// Starts the received messages' turns: each activity after the previous activity of its conversation on this
    /// partition (received now or earlier, in the order they were accepted), conversations side by side, at most
    /// Bot:QueueConcurrency turns at once per instance. A message's activities are claimed together (one table
    /// transaction), each is marked done as soon as its turn is over (turns that finish together share a
    /// transaction), and the message is deleted when all are.
    /// </summary>
    private async Task DispatchAsync(QueueClient queue, PartitionWork work, QueueMessage[] received)
    {
        foreach (var message in received.OrderBy(m => m.InsertedOn))
        {
            var flight = work.InFlight[message.MessageId] = new InFlightMessage(message);
            IReadOnlyList<Activity>? activities = null;
            string? blob = null;
            string? problem = null;
            try
            {
                (activities, blob) = QueuedActivity.Read(message.MessageText);
                if (blob is not null) activities = QueuedActivity.Read((await blobs.GetBlobContainerClient(partitions.BlobContainer).GetBlobClient(blob).DownloadContentAsync()).Value.Content.ToString()).Activities;
            }
            catch (Exception e) when (e is System.Text.Json.JsonException or InvalidOperationException or RequestFailedException { Status: 404 })
            {
                problem = e.GetType().Name + ": " + e.Message;
            }

            List<Task<TurnOutcome>> turns = [];
            if (activities is not null)
            {
                var keys = activities.Select((a, i) => TurnKey(a, message.MessageId, i)).ToArray();
                var poisoned = message.DequeueCount > _options.MaxDequeueCount;
                var claims = poisoned ? null : ClaimAllAsync(flight, activities, keys);
                var seen = new HashSet<string>(StringComparer.Ordinal);
                for (var i = 0; i < activities.Count; i++)
                {
                    // The channel's second copy of an activity, stored by the same send: one turn is enough.
                    if (!seen.Add(keys[i])) continue;
                    var (activity, index) = (activities[i], i);
                    work.Chain(activity.Conversation?.Id ?? message.MessageId, previous =>
                    {
                        // The conversation's next turn waits for this turn, not for its "done" mark and the message's
                        // delete: those are storage round trips that do not change what the next turn sees.
                        var turnOver = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                        turns.Add(poisoned ? PoisonAfterAsync(previous, flight, activity, index, keys[index], turnOver) : RunAfterAsync(previous, flight, activity, index, claims!, turnOver));
                        return turnOver.Task;
                    });
                }
            }
            work.Track(FinishAsync(queue, work, flight, turns, blob, problem));
        }
    }

    /// <summary>What became of one activity of a message; the message is deleted only when none says it must come back.</summary>
    private enum TurnOutcome { Ran, Handled, Blocked, Retry }
}
