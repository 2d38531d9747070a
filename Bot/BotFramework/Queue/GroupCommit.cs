namespace HubSpotTeamsBot.BotFramework.Queue;

/// <summary>
/// Group commit: one write is out at a time, and the items added while it is out go together in the next write (up
/// to a size limit), in the order they were added. At low load every item is written at once, alone; under load one
/// storage round trip carries many. Each caller's task completes when the write holding its item did (or faults
/// with that write's error, or with the error the write reported for that item).
/// The durable queue uses it for the activities accepted for one partition (one queue message) and for the done marks
/// of finished turns (one table transaction per tenant).
/// </summary>
/// <remarks>
/// <paramref name="maxWritesOut"/> above 1 lets items that need no order (done marks) start a write at once while
/// fewer than that many are out, so an item waits for a write only when all are busy; sends keep 1, which is what
/// keeps a partition's activities in the order they were accepted.
/// </remarks>
internal sealed class GroupCommit<T>(Func<IReadOnlyList<T>, Task<IReadOnlyList<Exception?>>> write, int maxSize, int maxWritesOut = 1)
{
    private readonly Lock _gate = new();
    private readonly Queue<Waiting> _waiting = new();
    private int _writing;

    /// <summary>For writes that succeed or fail as a whole.</summary>
    public static GroupCommit<T> Whole(Func<IReadOnlyList<T>, Task> write, int maxSize) => new(async items =>
    {
        await write(items);
        return new Exception?[items.Count];
    }, maxSize);

    /// <summary>Completes when the item is written; <paramref name="size"/> counts against the limit (an item larger than the limit goes alone).</summary>
    public Task AddAsync(T item, int size = 1)
    {
        var waiting = new Waiting(item, size);
        bool start;
        lock (_gate)
        {
            _waiting.Enqueue(waiting);
            start = _writing < maxWritesOut;
            if (start) _writing++;
        }
        if (start) _ = WriteAllAsync();
        return waiting.Written.Task;
    }

    private async Task WriteAllAsync()
    {
        while (true)
        {
            List<Waiting> group = [];
            lock (_gate)
            {
                var total = 0;
                while (_waiting.TryPeek(out var next) && (group.Count == 0 || total + next.Size <= maxSize))
                {
                    group.Add(_waiting.Dequeue());
                    total += next.Size;
                }
                if (group.Count == 0)
                {
                    _writing--;
                    return;
                }
            }
            try
            {
                var results = await write([.. group.Select(w => w.Item)]);
                for (var i = 0; i < group.Count; i++)
                {
                    if (i < results.Count && results[i] is { } failed) group[i].Written.TrySetException(failed);
                    else group[i].Written.TrySetResult();
                }
            }
            catch (Exception error)
            {
                foreach (var failed in group) failed.Written.TrySetException(error);
            }
        }
    }

    private sealed class Waiting(T item, int size)
    {
        public T Item { get; } = item;
        public int Size { get; } = size;
        public TaskCompletionSource Written { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
