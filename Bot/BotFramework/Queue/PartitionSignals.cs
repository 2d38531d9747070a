namespace HubSpotTeamsBot.BotFramework.Queue;

/// <summary>
/// Lets an enqueue on this instance wake its own worker for that partition at once, instead of waiting for the next
/// poll. Other instances find the message at their next poll (at most ActivityQueue:MaxPollDelay later).
/// </summary>
public sealed class PartitionSignals(ActivityPartitions partitions)
{
    private readonly SemaphoreSlim[] _signals = Enumerable.Range(0, partitions.Count).Select(_ => new SemaphoreSlim(0, 1)).ToArray();

    public void Wake(int partition)
    {
        try
        {
            _signals[partition].Release();
        }
        catch (SemaphoreFullException)
        {
            // Already awake.
        }
    }

    /// <summary>Waits for a wake-up or the delay, whichever is first.</summary>
    public Task<bool> WaitAsync(int partition, TimeSpan delay, CancellationToken ct) => _signals[partition].WaitAsync(delay, ct);
}
