using Azure;
using HubSpotTeamsBot.BotFramework.Routing;
using HubSpotTeamsBot.BotFramework.Schema;
using HubSpotTeamsBot.Storage;
using OpenTelemetry;

namespace HubSpotTeamsBot.BotFramework.Queue;

/// <summary>A message's turns: claimed (together when they can be), run in order after the conversation's earlier ones, failed or poisoned.</summary>
internal sealed partial class StorageQueueWorker
{
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
            var fence = new ClaimFence(idempotency, message, index, tookOver: claim.LapsedSince is not null, renewalPeriod: _options.VisibilityTimeout / 3);
            try
            {
                await runner.RunAsync(activity, CancellationToken.None, turn => turn.SendGuard = fence.EnsureHeldAsync);
            }
            catch (TurnSupersededException)
            {
                _turns.Release();
                turnOver.TrySetResult();
                message.Claims.TryRemove(index, out _);
                logger.LogInformation("Activity {Index} of queue message {MessageId} is answered by another attempt that took it over; this one stops", index, id);
                return TurnOutcome.Retry;
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
                catch (StorageConflictException)
                {
                    // Another attempt took the claim over after this one's last reply: record the turn done all the
                    // same, so that attempt's fence stops it before it answers a second time.
                    await idempotency.CompleteTakenOverAsync(held, DoneMarks.Result, CancellationToken.None);
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
    /// One turn per activity: the channel sends an activity again (same id) when its first POST got no answer in time,
    /// and that copy may have been stored too; the queue itself redelivers a message whose turn did not get to delete
    /// it. Activity ids are unique within a conversation; an activity without one is keyed by its queue message.
    /// </summary>
    internal static string TurnKey(Activity activity, string messageId, int index) =>
        activity.Id is { Length: > 0 } activityId ? $"turn:{activity.Conversation?.Id}|{activityId}" : "queued:" + PoisonId(messageId, index);

    /// <summary>The poison table's row for one activity of a message: the message id (its first activity), or with the activity's place.</summary>
    private static string PoisonId(string messageId, int index) => index == 0 ? messageId : $"{messageId}-{index}";
}
