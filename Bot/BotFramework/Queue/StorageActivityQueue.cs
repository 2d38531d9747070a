using System.Text;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using HubSpotTeamsBot.BotFramework.Limits;
using HubSpotTeamsBot.BotFramework.Schema;
using Microsoft.Extensions.Options;

namespace HubSpotTeamsBot.BotFramework.Queue;

/// <summary>
/// ActivityQueue:Kind = Storage. An activity is written to its conversation's partition queue (Azure Storage Queues)
/// before the bot answers 202, so a restart, a slot swap or a crashed instance loses nothing acknowledged; any
/// instance's <see cref="StorageQueueWorker"/> runs it. An activity larger than a queue message goes to a blob first.
/// The queues and the container are created on first use (and again if storage lost them), so deployment needs no step.
/// </summary>
public sealed class StorageActivityQueue(
    QueueServiceClient queues,
    BlobServiceClient blobs,
    ActivityPartitions partitions,
    PartitionSignals signals,
    IOptions<ActivityQueueOptions> options,
    ILogger<StorageActivityQueue> logger) : IActivityQueue
{
    private const string QueueNotFound = "QueueNotFound";

    // A storage outage fails every enqueue: one line per queue per minute, with how many were not written.
    private readonly RepeatCounter _storeFailures = new(TimeProvider.System, TimeSpan.FromMinutes(1), 1);
    private const string ContainerNotFound = "ContainerNotFound";

    private GroupCommit<string>[]? _sends;

    public async Task<bool> TryEnqueueAsync(Activity activity, CancellationToken ct)
    {
        var partition = partitions.Of(activity.Conversation?.Id ?? string.Empty);
        try
        {
            var serialized = QueuedActivity.Serialize(activity);
            var bytes = Encoding.UTF8.GetByteCount(serialized);
            if (bytes + QueuedActivity.EnvelopeBytes > options.Value.BlobThresholdBytes)
            {
                var name = $"{DateTime.UtcNow:yyyyMMdd}/{Guid.NewGuid():N}.json";
                await UploadAsync(name, QueuedActivity.Many([serialized]), ct);
                await SendAsync(partition, QueuedActivity.Pointer(name), ct);
            }
            else
            {
                // Shared with the activities accepted for this partition at the same moment: the send itself is not
                // cancelled when one caller goes away; this caller only stops waiting for it.
                await Sends()[partition].AddAsync(serialized, bytes + 1).WaitAsync(ct);
            }
            signals.Wake(partition);
            return true;
        }
        catch (Exception error) when (!(error is OperationCanceledException && ct.IsCancellationRequested))
        {
            // Nothing is acknowledged that is not stored: the endpoint answers 503 and the channel sends it again.
            var (write, held) = _storeFailures.Next(partitions.QueueNames[partition]);
            if (write)
            {
                logger.LogWarning("Could not store a {Type} activity in queue {Queue}: {Error} ({HeldBack} more failed since the last such line)",
                    activity.Type, partitions.QueueNames[partition], error.GetType().Name, held);
            }
            return false;
        }
    }

    /// <summary>One per partition, made once (two for a partition could have two sends out, and their order would be lost).</summary>
    private GroupCommit<string>[] Sends()
    {
        if (Volatile.Read(ref _sends) is { } made) return made;
        // Sizes count each activity's bytes and its comma, against what a message may hold besides the envelope.
        GroupCommit<string>[] fresh = [.. Enumerable.Range(0, partitions.Count)
            .Select(p => GroupCommit<string>.Whole(group => SendAsync(p, QueuedActivity.Many(group), CancellationToken.None), options.Value.BlobThresholdBytes - QueuedActivity.EnvelopeBytes))];
        return Interlocked.CompareExchange(ref _sends, fresh, null) ?? fresh;
    }

    private async Task SendAsync(int partition, string message, CancellationToken ct)
    {
        var queue = queues.GetQueueClient(partitions.QueueNames[partition]);
        try
        {
            await queue.SendMessageAsync(message, visibilityTimeout: null, timeToLive: TimeSpan.FromSeconds(-1), ct);
        }
        catch (RequestFailedException e) when (e.ErrorCode == QueueNotFound)
        {
            await queue.CreateIfNotExistsAsync(cancellationToken: ct);
            await queue.SendMessageAsync(message, visibilityTimeout: null, timeToLive: TimeSpan.FromSeconds(-1), ct);
        }
    }

    private async Task UploadAsync(string name, string message, CancellationToken ct)
    {
        var container = blobs.GetBlobContainerClient(partitions.BlobContainer);
        var content = BinaryData.FromString(message);
        try
        {
            await container.UploadBlobAsync(name, content, ct);
        }
        catch (RequestFailedException e) when (e.ErrorCode == ContainerNotFound)
        {
            await container.CreateIfNotExistsAsync(cancellationToken: ct);
            await container.UploadBlobAsync(name, content, ct);
        }
    }
}
