using System.Threading.Channels;
using HubSpotTeamsBot.BotFramework.Hosting;
using HubSpotTeamsBot.BotFramework.Schema;
using Microsoft.Extensions.Options;

namespace HubSpotTeamsBot.BotFramework.Queue;

/// <summary>
/// ActivityQueue:Kind = Memory. Activities wait in this process only: quick, but a restart loses what it holds, so it
/// is for tests that do not need durability and for the benchmark's baseline. Bounded: when full, new work is refused
/// (503) rather than piling up memory. On shutdown the queue stops accepting and drains what it holds.
/// </summary>
public sealed class MemoryActivityQueue(IOptions<BotOptions> options) : IActivityQueue
{
    private readonly Channel<Activity> _channel = Channel.CreateBounded<Activity>(new BoundedChannelOptions(options.Value.QueueCapacity)
    {
        FullMode = BoundedChannelFullMode.Wait,
        SingleReader = false,
    });

    private bool _depthObserved;

    public Task<bool> TryEnqueueAsync(Activity activity, CancellationToken ct)
    {
        if (!_depthObserved)
        {
            // Registered on first use: the gauge reads this queue's depth when the meter is collected.
            Telemetry.BotMetrics.ObserveQueueDepth(() => _channel.Reader.Count);
            _depthObserved = true;
        }
        return Task.FromResult(_channel.Writer.TryWrite(activity));
    }

    internal ChannelReader<Activity> Reader => _channel.Reader;

    internal void Complete() => _channel.Writer.TryComplete();
}

internal sealed class MemoryActivityQueueWorker(
    MemoryActivityQueue queue,
    TurnRunner runner,
    IOptions<BotOptions> options,
    ILogger<MemoryActivityQueueWorker> logger) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Stopping completes the writer; the loop below then finishes the queued activities and returns.
        stoppingToken.Register(queue.Complete);
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = options.Value.QueueConcurrency };
        return Parallel.ForEachAsync(queue.Reader.ReadAllAsync(CancellationToken.None), parallel, async (activity, _) =>
        {
            try
            {
                await runner.RunAsync(activity, CancellationToken.None);
            }
            catch (Exception error)
            {
                logger.LogError(error, "A queued {Type} activity failed", activity.Type);
            }
        });
    }
}
