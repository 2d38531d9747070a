using System.Collections.Concurrent;
using Azure.Storage.Queues;

namespace HubSpotTeamsBot.BotFramework.Queue;

/// <summary>What this instance has taken from one partition it holds: the messages it keeps hidden, and per conversation the last turn started.</summary>
internal sealed class PartitionWork : IDisposable
{
    private readonly Dictionary<string, Task> _last = new(StringComparer.Ordinal);

    /// <summary>Every message's whole handling (turn and bookkeeping), so stopping waits for the deletes too.</summary>
    private readonly HashSet<Task> _handling = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _keepHidden;

    public PartitionWork(Func<QueueClient, PartitionLease, ConcurrentDictionary<string, InFlightMessage>, CancellationToken, Task> keepHidden, QueueClient queue, PartitionLease lease) =>
        _keepHidden = keepHidden(queue, lease, InFlight, _stop.Token);

    public ConcurrentDictionary<string, InFlightMessage> InFlight { get; } = new();

    public void Chain(string conversation, Func<Task, Task> run)
    {
        lock (_last)
        {
            var next = run(_last.GetValueOrDefault(conversation) ?? Task.CompletedTask);
            _last[conversation] = next;
            _ = next.ContinueWith(done =>
            {
                lock (_last)
                {
                    if (_last.TryGetValue(conversation, out var last) && last == done) _last.Remove(conversation);
                }
            }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }
    }

    public void Track(Task handling)
    {
        lock (_handling) _handling.Add(handling);
        _ = handling.ContinueWith(done =>
        {
            lock (_handling) _handling.Remove(done);
        }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    public async Task StopAsync()
    {
        Task[] running;
        lock (_last) running = [.. _last.Values];
        await Task.WhenAll(running);
        lock (_handling) running = [.. _handling];
        await Task.WhenAll(running);
        await _stop.CancelAsync();
        await _keepHidden;
        Dispose();
    }

    public void Dispose() => _stop.Dispose();
}
