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

    /// <summary>
    /// Claims a message's turns: on its first delivery all of a tenant's in one transaction (nothing can exist yet
    /// unless the channel sent a copy, and then the transaction changes nothing and each is claimed alone); on a
    /// redelivery one by one, since earlier attempts left records. A claim that cannot be written fails only its own
    /// activity, never its neighbours in the message. The claims are kept alive with the message from now on.
    /// </summary>
    private async Task<ClaimResult[]> ClaimAllAsync(InFlightMessage message, IReadOnlyList<Activity> activities, string[] keys)
    {
        var results = new ClaimResult[activities.Count];
        var distinct = Enumerable.Range(0, activities.Count).Where(i => Array.IndexOf(keys, keys[i]) == i);
        foreach (var tenant in distinct.GroupBy(i => activities[i].TenantId() ?? "unknown", StringComparer.Ordinal))
        {
            var indexes = tenant.ToArray();
            if (message.DequeueCount == 1 && indexes.Length > 1)
            {
                try
                {
                    var taken = await idempotency.ClaimManyAsync(tenant.Key, [.. indexes.Select(i => keys[i])], _options.VisibilityTimeout, CancellationToken.None);
                    for (var j = 0; j < indexes.Length; j++) results[indexes[j]] = Held(message, indexes[j], taken[j]);
                    continue;
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // The transaction was refused as a whole (one key storage will not take, or an outage): one by one.
                }
            }
            foreach (var i in indexes)
            {
                try
                {
                    results[i] = Held(message, i, await idempotency.ClaimAsync(tenant.Key, keys[i], _options.VisibilityTimeout, CancellationToken.None));
                }
                catch (Exception e)
                {
                    results[i] = new ClaimResult(null, e);
                }
            }
        }
        return results;
    }

    private static ClaimResult Held(InFlightMessage message, int index, IdempotencyClaim claim)
    {
        if (claim.Status == IdempotencyClaimStatus.Claimed) message.Claims[index] = claim;
        return new ClaimResult(claim, null);
    }

    /// <summary>An activity's claim, or why it could not be written.</summary>
    private readonly record struct ClaimResult(IdempotencyClaim? Claim, Exception? Error);

    /// <summary>Runs one activity's turn after the previous one of its conversation, then records it done; <paramref name="turnOver"/> is set when the turn itself is over.</summary>
    private async Task<TurnOutcome> RunAfterAsync(Task previous, InFlightMessage message, Activity activity, int index, Task<ClaimResult[]> claims, TaskCompletionSource turnOver)
    {
        await AfterAsync(previous);
        using var traced = SuppressInstrumentationScope.Begin(false); // the turn, its claim and its done mark are real work
        var id = message.MessageId;
        try
        {
            var (taken, failed) = (await claims)[index];
            if (taken is not { } claim)
            {
                logger.LogWarning("Activity {Index} of queue message {MessageId} could not be claimed ({Error}); it will come back", index, id, failed?.GetType().Name);
                return TurnOutcome.Retry;
            }
            switch (claim.Status)
            {
                case IdempotencyClaimStatus.Completed:
                    logger.LogInformation("Activity {Index} of queue message {MessageId} already ran; not running it again", index, id);
                    return TurnOutcome.Handled;
                case IdempotencyClaimStatus.InProgress:
                    // An attempt that may still be running: the message comes back when that attempt's claim lapses.
                    message.BlockedUntil(claim.ExpiresAt);
                    return TurnOutcome.Blocked;
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
                turnOver.TrySetResult();
                return await FailedAsync(message, activity, index, error);
            }
            _turns.Release();
            turnOver.TrySetResult();

            // Recorded at once (not when the whole message is over), so a crash from here on leaves the least chance
            // of the turn running again; no longer extended from here, so the ETag the mark is written with stays.
            IdempotencyClaim? held;
            await message.Gate.WaitAsync(CancellationToken.None);
            try
            {
                message.Claims.TryRemove(index, out held);
            }
            finally
            {
                message.Gate.Release();
            }
            if (held is not null)
            {
                try
                {
                    await doneMarks.MarkAsync(held);
                }
                catch (Exception e) when (IsTransient(e))
                {
                    // Storage is away: keep the claim alive with the message again (as every claim is) and record it
                    // on its own, with whatever ETag the latest extension left, until storage answers.
                    message.Claims[index] = held;
                    await UntilStorageAnswersAsync(async () =>
                    {
                        await message.Gate.WaitAsync(CancellationToken.None);
                        try
                        {
                            if (message.Claims.TryGetValue(index, out var latest)) await idempotency.CompleteAsync(latest, DoneMarks.Result, CancellationToken.None);
                            message.Claims.TryRemove(index, out _);
                        }
                        finally
                        {
                            message.Gate.Release();
                        }
                    }, id);
                }
            }
            return TurnOutcome.Ran;
        }
        catch (Exception error)
        {
            // Usually storage gone while claiming or recording: the message comes back after the visibility timeout
            // (and its claims say what already ran).
            logger.LogWarning("Activity {Index} of queue message {MessageId} was not finished ({Error}); it will come back", index, id, error.GetType().Name);
            return TurnOutcome.Retry;
        }
        finally
        {
            turnOver.TrySetResult();
        }
    }

    private async Task<TurnOutcome> FailedAsync(InFlightMessage message, Activity activity, int index, Exception error)
    {
        IdempotencyClaim? claim;
        await message.Gate.WaitAsync(CancellationToken.None);
        try
        {
            message.Claims.TryRemove(index, out claim);
        }
        finally
        {
            message.Gate.Release();
        }
        try
        {
            if (claim is not null) await idempotency.ReleaseAsync(claim, CancellationToken.None);
        }
        catch (Exception e) when (e is StorageUnavailableException or StorageConflictException)
        {
            // The claim expires after the visibility timeout, when the message comes back.
        }
        if (message.DequeueCount >= _options.MaxDequeueCount)
        {
            await poison.RecordAsync(activity, PoisonId(message.MessageId, index), message.DequeueCount, $"{error.GetType().Name}: {error.Message}", CancellationToken.None);
            return TurnOutcome.Handled;
        }
        logger.LogWarning(error, "Activity {Index} of queue message {MessageId} failed (attempt {Attempt}); it will run again", index, message.MessageId, message.DequeueCount);
        return TurnOutcome.Retry;
    }

    /// <summary>A message received more than ActivityQueue:MaxDequeueCount times: its activities that never finished are poisoned, not run.</summary>
    private async Task<TurnOutcome> PoisonAfterAsync(Task previous, InFlightMessage message, Activity activity, int index, string key, TaskCompletionSource turnOver)
    {
        await AfterAsync(previous);
        try
        {
            // Not poisoned if an earlier attempt did finish it; if its claim cannot even be read, poisoned all the same
            // (a key storage refuses would otherwise bring the message back for ever).
            IdempotencyClaim? claim = null;
            try
            {
                claim = await idempotency.ClaimAsync(activity.TenantId() ?? "unknown", key, _options.VisibilityTimeout, CancellationToken.None);
            }
            catch (Exception e) when (e is not StorageUnavailableException)
            {
                logger.LogWarning("The claim of poisoned queue message {MessageId} could not be read ({Error})", message.MessageId, e.GetType().Name);
            }
            if (claim?.Status == IdempotencyClaimStatus.Completed) return TurnOutcome.Handled;
            await poison.RecordAsync(activity, PoisonId(message.MessageId, index), message.DequeueCount,
                $"the turn did not finish in {message.DequeueCount - 1} attempts (the instance stopped, crashed or lost storage while running it)", CancellationToken.None);
            if (claim?.Status == IdempotencyClaimStatus.Claimed) await idempotency.ReleaseAsync(claim, CancellationToken.None);
            return TurnOutcome.Handled;
        }
        catch (Exception error)
        {
            logger.LogWarning("Could not record poisoned queue message {MessageId} ({Error}); it will come back", message.MessageId, error.GetType().Name);
            return TurnOutcome.Retry;
        }
        finally
        {
            turnOver.TrySetResult();
        }
    }

    private static async Task AfterAsync(Task previous)
    {
        try
        {
            await previous;
        }
        catch (Exception)
        {
            // The previous turn's failure was handled (and logged) where it ran.
        }
    }

    /// <summary>
    /// When every turn of the message is over and recorded: the delete — or, if a turn must run again, the message is
    /// left to come back.
    /// </summary>
    private async Task FinishAsync(QueueClient queue, PartitionWork work, InFlightMessage message, List<Task<TurnOutcome>> turns, string? blob, string? problem)
    {
        var id = message.MessageId;
        try
        {
            if (problem is not null)
            {
                logger.LogError("Activity queue message {MessageId} cannot be read ({Problem}); removing it", id, problem);
                await DeleteAsync(queue, message, work.InFlight, blob);
                return;
            }

            var outcomes = await Task.WhenAll(turns);
            if (outcomes.Contains(TurnOutcome.Retry))
            {
                work.InFlight.TryRemove(id, out _);
                return;
            }
            if (outcomes.Contains(TurnOutcome.Blocked))
            {
                await ComeBackWhenClaimLapsesAsync(queue, message, message.Blocked);
                work.InFlight.TryRemove(id, out _);
                return;
            }
            await DeleteAsync(queue, message, work.InFlight, blob);
        }
        catch (Exception error)
        {
            // Usually storage gone mid-bookkeeping: stop keeping it hidden, it comes back after the visibility timeout.
            logger.LogWarning("Queue message {MessageId} was not finished ({Error}); it will come back", id, error.GetType().Name);
            work.InFlight.TryRemove(id, out _);
        }
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
    internal static string TurnKey(Activity activity, string messageId, int index) =>
        activity.Id is { Length: > 0 } activityId ? $"turn:{activity.Conversation?.Id}|{activityId}" : "queued:" + PoisonId(messageId, index);

    /// <summary>The poison table's row for one activity of a message: the message id (its first activity), or with the activity's place.</summary>
    private static string PoisonId(string messageId, int index) => index == 0 ? messageId : $"{messageId}-{index}";
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
                    // The turns' claims last as long as their message stays hidden, so a copy of an activity does not run beside it.
                    foreach (var (index, claim) in message.Claims) message.Claims.TryUpdate(index, await idempotency.ExtendAsync(claim, _options.VisibilityTimeout, CancellationToken.None), claim);
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
