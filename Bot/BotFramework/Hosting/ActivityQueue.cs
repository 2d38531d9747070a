using System.Threading.Channels;
using HubSpotTeamsBot.BotFramework.Schema;
using Microsoft.Extensions.Options;

namespace HubSpotTeamsBot.BotFramework.Hosting;

/// <summary>
/// Non-invoke activities are acknowledged with 202 at once and handled here, so a slow HubSpot call never holds the
/// connector's request (the Agents SDK's approach, reference §4.4). Bounded: when full, new work is refused rather
/// than piling up memory. On shutdown the queue stops accepting and drains what it holds.
/// </summary>
public sealed class ActivityQueue(IOptions<BotOptions> options) 
{
    private readonly Channel<Activity> _channel = Channel.CreateBounded<Activity>(new BoundedChannelOptions(options.Value.QueueCapacity)
    {
        FullMode = BoundedChannelFullMode.Wait,
        SingleReader = false,
    });

    private bool _depthObserved;

    public bool TryEnqueue(Activity activity)
    {
        if (!_depthObserved)
        {
            // Registered on first use: the gauge reads this queue's depth when the meter is collected.
            Telemetry.BotMetrics.ObserveQueueDepth(() => _channel.Reader.Count);
            _depthObserved = true;
        }
        return _channel.Writer.TryWrite(activity);
    }

    internal ChannelReader<Activity> Reader => _channel.Reader;

    internal void Complete() => _channel.Writer.TryComplete();
}

internal sealed class ActivityQueueWorker(
    ActivityQueue queue,
    TurnRunner runner,
    IOptions<BotOptions> options,
    ILogger<ActivityQueueWorker> logger) : BackgroundService
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
