using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Specialized;

namespace HubSpotTeamsBot.BotFramework.Queue;

/// <summary>
/// One instance works a partition at a time, so a conversation's messages run in the order the queue gives them even
/// with many instances. The claim is a blob lease (no server of our own): renewed while held, and free again
/// ActivityQueue:LeaseDuration after an instance dies.
/// </summary>
internal sealed class PartitionLease
{
    private readonly BlobLeaseClient _lease;
    private readonly BlobClient _blob;
    private readonly TimeSpan _duration;

    public PartitionLease(BlobContainerClient container, string partitionName, TimeSpan duration)
    {
        _blob = container.GetBlobClient(partitionName);
        _lease = _blob.GetBlobLeaseClient(Guid.NewGuid().ToString());
        _duration = duration;
    }

    public DateTimeOffset RenewedAt { get; private set; }

    public bool Held { get; private set; }

    /// <summary>True if this instance now holds the partition; false if another one does.</summary>
    public async Task<bool> TryAcquireAsync(CancellationToken ct)
    {
        try
        {
            await _lease.AcquireAsync(_duration, cancellationToken: ct);
        }
        catch (RequestFailedException e) when (e.ErrorCode is "LeaseAlreadyPresent")
        {
            return false;
        }
        catch (RequestFailedException e) when (e.ErrorCode is "BlobNotFound" or "ContainerNotFound")
        {
            await _blob.GetParentBlobContainerClient().CreateIfNotExistsAsync(cancellationToken: ct);
            try
            {
                await _blob.UploadAsync(BinaryData.FromString(""), overwrite: false, ct);
            }
            catch (RequestFailedException conflict) when (conflict.Status == 409)
            {
                // Another instance created it first.
            }
            return false;
        }
        Held = true;
        RenewedAt = DateTimeOffset.UtcNow;
        return true;
    }

    /// <summary>Renews when a third of the lease has passed. False when the lease was lost (expired and taken, or storage gone).</summary>
    public async Task<bool> KeepAsync(CancellationToken ct)
    {
        if (!Held) return false;
        if (DateTimeOffset.UtcNow - RenewedAt < _duration / 3) return true;
        try
        {
            await _lease.RenewAsync(cancellationToken: ct);
            RenewedAt = DateTimeOffset.UtcNow;
            return true;
        }
        catch (Exception e) when (e is RequestFailedException or HttpRequestException or IOException or TimeoutException)
        {
            // Storage will not say we hold it; better to stop than to work a partition someone else may have taken.
            Held = DateTimeOffset.UtcNow - RenewedAt < _duration - TimeSpan.FromSeconds(2);
            return Held;
        }
    }

    public async Task ReleaseAsync()
    {
        if (!Held) return;
        Held = false;
        try
        {
            await _lease.ReleaseAsync();
        }
        catch (Exception e) when (e is RequestFailedException or HttpRequestException or IOException or TimeoutException or OperationCanceledException)
        {
            // It expires by itself.
        }
    }
}
