using System.Collections.Concurrent;
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
internal sealed class StorageQueueWorker(
    QueueServiceClient queues,
    BlobServiceClient blobs,
    ActivityPartitions partitions,
    PartitionSignals signals,
    TurnRunner runner,
    IdempotencyStore idempotency,
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
                        delay = await IdleAsync(partition, delay, stopping);
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
                    delay = await IdleAsync(partition, delay, stopping);
                    continue;
                }

                delay = MinPollDelay;
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
                    delay = await IdleAsync(partition, MinPollDelay, stopping);
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

    private async Task<TimeSpan> IdleAsync(int partition, TimeSpan delay, CancellationToken stopping)
    {
        // A local enqueue wakes the partition at once; otherwise back off towards MaxPollDelay.
        var woken = await signals.WaitAsync(partition, delay, stopping);
        return woken ? MinPollDelay : TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, _options.MaxPollDelay.Ticks));
    }

    private static TimeSpan Jitter(TimeSpan max) => TimeSpan.FromMilliseconds(Random.Shared.NextDouble() * max.TotalMilliseconds);

    /// <summary>
    /// Starts the received messages' turns: each after the previous message of its conversation on this partition
    /// (received now or earlier), conversations side by side, at most Bot:QueueConcurrency turns at once per instance.
    /// </summary>
    private async Task DispatchAsync(QueueClient queue, PartitionWork work, QueueMessage[] received)
    {
        foreach (var message in received.OrderBy(m => m.InsertedOn))
        {
            var flight = work.InFlight[message.MessageId] = new InFlightMessage(message);
            Activity? activity = null;
            string? blob = null;
            string? problem = null;
            try
            {
                (activity, blob) = QueuedActivity.Read(message.MessageText);
                if (blob is not null) activity = QueuedActivity.Read((await blobs.GetBlobContainerClient(partitions.BlobContainer).GetBlobClient(blob).DownloadContentAsync()).Value.Content.ToString()).Activity;
            }
            catch (Exception e) when (e is System.Text.Json.JsonException or InvalidOperationException or RequestFailedException { Status: 404 })
            {
                problem = e.GetType().Name + ": " + e.Message;
            }

            var conversation = activity?.Conversation?.Id ?? message.MessageId;
            work.Chain(conversation, previous =>
            {
                // The conversation's next turn waits for this turn, not for its claim's "done" mark and delete: those
                // are storage round trips that do not change what the next turn sees.
                var turnDone = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                work.Track(RunAfterAsync(previous, queue, work, flight, activity, blob, problem, turnDone));
                return turnDone.Task;
            });
        }
    }

    private async Task RunAfterAsync(Task previous, QueueClient queue, PartitionWork work, InFlightMessage message, Activity? activity, string? blob, string? problem, TaskCompletionSource turnDone)
    {
        try
        {
            await previous;
        }
        catch (Exception)
        {
            // The previous turn's failure was handled (and logged) where it ran.
        }

        try
        {
            await HandleAsync(queue, message, activity, blob, problem, work.InFlight, turnDone);
        }
        catch (Exception error)
        {
            // Usually storage gone mid-bookkeeping: stop keeping it hidden, it comes back after the visibility timeout.
            logger.LogWarning("Queue message {MessageId} was not finished ({Error}); it will come back", message.MessageId, error.GetType().Name);
            work.InFlight.TryRemove(message.MessageId, out _);
        }
        finally
        {
            turnDone.TrySetResult();
        }
    }

    private async Task HandleAsync(QueueClient queue, InFlightMessage message, Activity? activity, string? blob, string? problem, ConcurrentDictionary<string, InFlightMessage> inFlight, TaskCompletionSource turnDone)
    {
        using var traced = SuppressInstrumentationScope.Begin(false); // the turn, its claim and its delete are real work
        var id = message.MessageId;
        if (activity is null)
        {
            logger.LogError("Activity queue message {MessageId} cannot be read ({Problem}); removing it", id, problem);
            await DeleteAsync(queue, message, inFlight, blob);
            return;
        }

        if (message.DequeueCount > _options.MaxDequeueCount)
        {
            await poison.RecordAsync(activity, id, message.DequeueCount,
                $"the turn did not finish in {message.DequeueCount - 1} attempts (the instance stopped, crashed or lost storage while running it)", CancellationToken.None);
            await DeleteAsync(queue, message, inFlight, blob);
            return;
        }

        var claim = await idempotency.ClaimAsync(activity.TenantId() ?? "unknown", TurnKey(activity, id), _options.VisibilityTimeout, CancellationToken.None);
        message.Claim = claim.Status == IdempotencyClaimStatus.Claimed ? claim : null;
        switch (claim.Status)
        {
            case IdempotencyClaimStatus.Completed:
                logger.LogInformation("Activity of queue message {MessageId} already ran; removing the redelivered copy", id);
                await DeleteAsync(queue, message, inFlight, blob);
                return;
            case IdempotencyClaimStatus.InProgress:
                // An attempt that may still be running: let the message come back when that attempt's claim lapses.
                await ComeBackWhenClaimLapsesAsync(queue, message, claim.ExpiresAt);
                inFlight.TryRemove(id, out _);
                return;
        }

        // Bot:QueueConcurrency bounds the turns themselves (CPU, HubSpot); the storage bookkeeping around them only
        // waits on round trips and is bounded by the messages held per partition.
        await _turns.WaitAsync();
        try
        {
            await runner.RunAsync(activity, CancellationToken.None);
        }
        catch (Exception error)
        {
            _turns.Release();
            turnDone.TrySetResult();
            try
            {
                await idempotency.ReleaseAsync(message.Claim ?? claim, CancellationToken.None);
            }
            catch (StorageUnavailableException)
            {
                // The claim expires after the visibility timeout, when the message comes back.
            }
            if (message.DequeueCount >= _options.MaxDequeueCount)
            {
                await poison.RecordAsync(activity, id, message.DequeueCount, $"{error.GetType().Name}: {error.Message}", CancellationToken.None);
                await DeleteAsync(queue, message, inFlight, blob);
            }
            else
            {
                logger.LogWarning(error, "Queued activity {MessageId} failed (attempt {Attempt}); it will run again", id, message.DequeueCount);
                inFlight.TryRemove(id, out _);
            }
            return;
        }
        _turns.Release();
        turnDone.TrySetResult();

        // Record the finished turn first: if the delete is lost, the redelivered copy is recognised and only removed.
        await UntilStorageAnswersAsync(async () =>
        {
            await message.Gate.WaitAsync(CancellationToken.None);
            try
            {
                await idempotency.CompleteAsync(message.Claim ?? claim, "{}", CancellationToken.None);
                message.Claim = null;
            }
            finally
            {
                message.Gate.Release();
            }
        }, id);
        await DeleteAsync(queue, message, inFlight, blob);
    }

    /// <summary>
    /// A redelivered message usually finds the claim of its crashed attempt still alive for a moment: the claim was
    /// extended just after the message was last hidden, so it lapses just after the message reappears. Hiding the
    /// message for the rest of that claim (not a whole visibility timeout more) is what keeps the wait after a crash
    /// near one visibility timeout instead of two.
    /// </summary>
    private async Task ComeBackWhenClaimLapsesAsync(QueueClient queue, InFlightMessage message, DateTimeOffset? claimExpiresAt)
    {
        if (claimExpiresAt is not { } expires) return;
        var rest = expires - DateTimeOffset.UtcNow + ClaimLapseMargin;
        if (rest >= _options.VisibilityTimeout) return;
        if (rest < ClaimLapseMargin) rest = ClaimLapseMargin;
        await message.Gate.WaitAsync(CancellationToken.None);
        try
        {
            var receipt = await queue.UpdateMessageAsync(message.MessageId, message.PopReceipt, visibilityTimeout: rest, cancellationToken: CancellationToken.None);
            message.PopReceipt = receipt.Value.PopReceipt;
        }
        catch (Exception e) when (e is RequestFailedException or HttpRequestException or IOException)
        {
            // It comes back after the visibility timeout instead.
        }
        finally
        {
            message.Gate.Release();
        }
    }

    /// <summary>
    /// One turn per activity: the channel sends an activity again (same id) when its first POST got no answer in time,
    /// and that copy may have been stored too; the queue itself redelivers a message whose turn did not get to delete
    /// it. Activity ids are unique within a conversation; an activity without one is keyed by its queue message.
    /// </summary>
    internal static string TurnKey(Activity activity, string messageId) =>
        activity.Id is { Length: > 0 } activityId ? $"turn:{activity.Conversation?.Id}|{activityId}" : "queued:" + messageId;

    private async Task DeleteAsync(QueueClient queue, InFlightMessage message, ConcurrentDictionary<string, InFlightMessage> inFlight, string? blob)
    {
        await UntilStorageAnswersAsync(async () =>
        {
            await message.Gate.WaitAsync(CancellationToken.None);
            try
            {
                await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt);
            }
            catch (RequestFailedException e) when (e.Status == 404)
            {
                // Already gone, or received again elsewhere (its claim says it is done).
            }
            finally
            {
                message.Gate.Release();
            }
        }, message.MessageId);
        inFlight.TryRemove(message.MessageId, out _);
        if (blob is null) return;
        try
        {
            await blobs.GetBlobContainerClient(partitions.BlobContainer).DeleteBlobIfExistsAsync(blob);
        }
        catch (Exception e) when (e is RequestFailedException or HttpRequestException or IOException)
        {
            logger.LogWarning("Could not delete the body blob of queue message {MessageId}", message.MessageId);
        }
    }

    /// <summary>
    /// Retries a bookkeeping step through a short storage outage (an emulator restart, a failover) for up to the
    /// visibility timeout; giving up earlier would bring the message back and run a finished turn a second time.
    /// </summary>
    private async Task UntilStorageAnswersAsync(Func<Task> step, string messageId)
    {
        var deadline = DateTimeOffset.UtcNow + _options.VisibilityTimeout;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await step();
                return;
            }
            catch (Exception e) when (DateTimeOffset.UtcNow < deadline && IsTransient(e))
            {
                if (attempt == 1) logger.LogWarning("Storage did not answer while finishing queue message {MessageId}; retrying", messageId);
                await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(1000, 100 * attempt)));
            }
        }
    }

    private static bool IsTransient(Exception e) => e is StorageUnavailableException or HttpRequestException or IOException or TimeoutException
        or RequestFailedException { Status: 0 or >= 500 } or TaskCanceledException;

    /// <summary>Keeps the batch's unfinished messages hidden (and the lease held) while their turns run.</summary>
    private async Task KeepHiddenAsync(QueueClient queue, PartitionLease lease, ConcurrentDictionary<string, InFlightMessage> inFlight, CancellationToken done)
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
            await lease.KeepAsync(CancellationToken.None);
            foreach (var message in inFlight.Values)
            {
                await message.Gate.WaitAsync(CancellationToken.None);
                try
                {
                    var receipt = await queue.UpdateMessageAsync(message.MessageId, message.PopReceipt, visibilityTimeout: _options.VisibilityTimeout, cancellationToken: CancellationToken.None);
                    message.PopReceipt = receipt.Value.PopReceipt;
                    // The turn's claim lasts as long as its message stays hidden, so a copy of the activity does not run beside it.
                    if (message.Claim is { } claim) message.Claim = await idempotency.ExtendAsync(claim, _options.VisibilityTimeout, CancellationToken.None);
                }
                catch (Exception e) when (e is RequestFailedException or HttpRequestException or IOException or StorageUnavailableException or StorageConflictException)
                {
                    logger.LogWarning("Could not keep queue message {MessageId} hidden: {Error}", message.MessageId, e.GetType().Name);
                }
                finally
                {
                    message.Gate.Release();
                }
            }
        }
    }
}
