using HubSpotTeamsBot.Webhooks;

namespace Bot.Tests.Webhooks;

/// <summary>
/// The test's <see cref="IHubSpotEventHandler"/>: records every batch it is handed, and can be told to fail for
/// batches holding given event ids (a fixed number of times, or always), as a notifications handler would on an outage.
/// </summary>
public sealed class RecordingEventHandler : IHubSpotEventHandler
{
    private readonly Lock _gate = new();
    private readonly List<HubSpotEventBatch> _batches = [];
    private readonly Dictionary<long, int> _failuresLeft = [];

    public IReadOnlyList<HubSpotEventBatch> Batches
    {
        get
        {
            lock (_gate) return [.. _batches];
        }
    }

    /// <summary>Every event handed over, with its batch's tenant.</summary>
    public IReadOnlyList<(string TenantId, HubSpotWebhookEvent Event)> Events => Batches.SelectMany(b => b.Events.Select(e => (b.TenantId, e))).ToList();

    public int TimesHandled(long eventId) => Events.Count(e => e.Event.EventId == eventId);

    /// <summary>Batches holding <paramref name="eventId"/> throw <paramref name="times"/> times (int.MaxValue: always).</summary>
    public void FailFor(long eventId, int times)
    {
        lock (_gate) _failuresLeft[eventId] = times;
    }

    public Task HandleAsync(HubSpotEventBatch batch, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            foreach (var item in batch.Events)
            {
                if (_failuresLeft.TryGetValue(item.EventId, out var left) && left > 0)
                {
                    _failuresLeft[item.EventId] = left == int.MaxValue ? left : left - 1;
                    throw new InvalidOperationException($"test handler told to fail for event {item.EventId}");
                }
            }
            _batches.Add(batch);
        }
        return Task.CompletedTask;
    }

    /// <summary>Waits until every one of <paramref name="eventIds"/> was handed over at least once.</summary>
    public async Task WaitForAsync(IEnumerable<long> eventIds, TimeSpan? timeout = null)
    {
        var wanted = eventIds.ToHashSet();
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        while (DateTime.UtcNow < deadline)
        {
            var seen = Events.Select(e => e.Event.EventId).ToHashSet();
            if (wanted.IsSubsetOf(seen)) return;
            await Task.Delay(50);
        }
        var missing = wanted.Except(Events.Select(e => e.Event.EventId));
        throw new TimeoutException($"The handler never got events {string.Join(", ", missing)}.");
    }
}
