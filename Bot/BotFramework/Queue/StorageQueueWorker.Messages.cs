using System.Collections.Concurrent;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using HubSpotTeamsBot.BotFramework.Schema;
using HubSpotTeamsBot.Storage;

namespace HubSpotTeamsBot.BotFramework.Queue;

/// <summary>A message's life in the queue once taken: kept hidden while its turns run, then deleted, or left to come back.</summary>
internal sealed partial class StorageQueueWorker
{
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
                    message.Renewed(receipt.Value.NextVisibleOn);
                }
                catch (Exception e) when (e is RequestFailedException or HttpRequestException or IOException or StorageUnavailableException or StorageConflictException)
                {
                    message.RenewalMissed();
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
