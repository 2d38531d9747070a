namespace HubSpotTeamsBot.Storage;

/// <summary>
/// Keeps a claim alive while its work runs, so the claim can be short: if the instance dies, the claim lapses within
/// one <c>lease</c> and a retry (the durable queue's redelivery of the same activity, or the user's next click) takes
/// it over instead of being told to wait for minutes. Stop it before completing or releasing the claim, and use the
/// claim it returns (each extension changes the row's ETag).
/// </summary>
public sealed class IdempotencyHeartbeat : IAsyncDisposable
{
    private readonly IdempotencyStore _store;
    private readonly TimeSpan _lease;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private IdempotencyClaim _claim;

    private IdempotencyHeartbeat(IdempotencyStore store, IdempotencyClaim claim, TimeSpan lease)
    {
        _store = store;
        _claim = claim;
        _lease = lease;
        _loop = RunAsync();
    }

    /// <summary>Extends <paramref name="claim"/> every third of <paramref name="lease"/> until stopped.</summary>
    public static IdempotencyHeartbeat Start(IdempotencyStore store, IdempotencyClaim claim, TimeSpan lease) => new(store, claim, lease);

    /// <summary>Stops extending and returns the claim as it now stands.</summary>
    public async Task<IdempotencyClaim> StopAsync()
    {
        if (!_stop.IsCancellationRequested) await _stop.CancelAsync();
        await _loop;
        return _claim;
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _stop.Dispose();
    }

    private async Task RunAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(_lease / 3, _stop.Token);
                // Not cancelled midway: an extension that reached storage changed the ETag, and the claim must know it.
                _claim = await _store.ExtendAsync(_claim, _lease, CancellationToken.None);
            }
            catch (OperationCanceledException) when (_stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is StorageUnavailableException or StorageConflictException)
            {
                // Storage is down (try again next beat) or the claim was taken over after lapsing (nothing to keep).
                if (e is StorageConflictException) return;
            }
        }
    }
}
