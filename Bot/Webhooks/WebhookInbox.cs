using Azure;
using Azure.Storage.Queues;
using HubSpotTeamsBot.Storage;
using Microsoft.Extensions.Options;

namespace HubSpotTeamsBot.Webhooks;

/// <summary>
/// The storage queue accepted webhook batches wait in until a worker (any instance) takes them. The endpoint answers
/// HubSpot 200 only after <see cref="StoreAsync"/> returned, so an accepted event survives a restart or a crash.
/// </summary>
public sealed class WebhookInbox : IDisposable
{
    private const string QueueNotFound = "QueueNotFound";
    private readonly QueueClient _queue;
    private readonly TimeProvider _time;

    /// <summary>Wakes this instance's worker when a batch was stored here, so it does not wait for its next poll.</summary>
    private readonly SemaphoreSlim _stored = new(0, 1);

    internal WebhookInbox(QueueServiceClient queues, IOptions<StorageOptions> storage, IOptions<WebhookOptions> options, TimeProvider time)
    {
        _queue = queues.GetQueueClient((storage.Value.TablePrefix + options.Value.QueueName).ToLowerInvariant());
        _time = time;
    }

    public QueueClient Queue => _queue;

    /// <summary>Creates the queue (at start; a deployment needs no step). Safe to call again after storage lost it.</summary>
    public Task EnsureCreatedAsync(CancellationToken ct) => _queue.CreateIfNotExistsAsync(cancellationToken: ct);

    /// <summary>Stores the events (one queue message, or several for a large batch). Throws when storage does not take them.</summary>
    public async Task StoreAsync(IReadOnlyList<ReceivedEvent> events, CancellationToken ct)
    {
        foreach (var message in QueuedWebhookBatch.Pack(events, _time.GetUtcNow()))
        {
            try
            {
                try
                {
                    await _queue.SendMessageAsync(message, visibilityTimeout: null, timeToLive: TimeSpan.FromSeconds(-1), ct);
                }
                catch (RequestFailedException e) when (e.ErrorCode == QueueNotFound)
                {
                    await _queue.CreateIfNotExistsAsync(cancellationToken: ct);
                    await _queue.SendMessageAsync(message, visibilityTimeout: null, timeToLive: TimeSpan.FromSeconds(-1), ct);
                }
            }
            catch (Exception e) when (StorageFailure.Translate(e, ct) is { } translated)
            {
                throw translated;
            }
        }
        try
        {
            _stored.Release();
        }
        catch (SemaphoreFullException)
        {
            // Already signalled.
        }
    }

    public void Dispose() => _stored.Dispose();

    /// <summary>Waits until a batch is stored by this instance or <paramref name="timeout"/> passes.</summary>
    internal Task<bool> WaitForStoreAsync(TimeSpan timeout, CancellationToken ct) => _stored.WaitAsync(timeout, ct);
}
