using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Specialized;
using Azure.Storage.Queues;
using Bot.Tests.Harness;
using HubSpotTeamsBot.BotFramework.Queue;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Bot.Tests.Queue;

/// <summary>
/// The bot with the durable queue (ActivityQueue:Kind = Storage) on real Azurite, a short visibility timeout and a
/// low poison threshold so redelivery and poisoning happen within a test, plus the probe feature.
/// </summary>
public class DurableQueueFixture : BotFixture
{
    public const string VisibilityTimeout = "00:00:02";

    public ProbeFeature Probe { get; } = new();

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["ActivityQueue:Kind"] = "Storage",
        ["ActivityQueue:VisibilityTimeout"] = VisibilityTimeout,
        ["ActivityQueue:MaxDequeueCount"] = "2",
        ["ActivityQueue:Partitions"] = "4",
        ["ActivityQueue:MaxPollDelay"] = "00:00:00.200",
    };

    protected override void ConfigureServices(IServiceCollection services) => services.AddSingleton<HubSpotTeamsBot.BotFramework.Routing.IBotFeature>(Probe);

    public ActivityPartitions Partitions => Host.Services.GetRequiredService<ActivityPartitions>();

    public QueueClient QueueFor(string conversationId) =>
        Host.Services.GetRequiredService<QueueServiceClient>().GetQueueClient(Partitions.QueueNames[Partitions.Of(conversationId)]);

    /// <summary>
    /// Takes the partition of <paramref name="conversationId"/> away from the bot's worker (as another instance would
    /// hold it), so the test can play that instance: receive a message and "crash" with it.
    /// </summary>
    public async Task<BlobLeaseClient> HoldPartitionAsync(string conversationId)
    {
        var container = Host.Services.GetRequiredService<BlobServiceClient>().GetBlobContainerClient(Partitions.LeaseContainer);
        await container.CreateIfNotExistsAsync();
        var blob = container.GetBlobClient($"partition-{Partitions.Of(conversationId)}");
        if (!(await blob.ExistsAsync()).Value) await blob.UploadAsync(BinaryData.FromString(""), overwrite: true);
        var lease = blob.GetBlobLeaseClient();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(40);
        while (true)
        {
            try
            {
                await lease.AcquireAsync(TimeSpan.FromSeconds(60));
                return lease;
            }
            catch (Azure.RequestFailedException e) when (e.ErrorCode == "LeaseAlreadyPresent" && DateTime.UtcNow < deadline)
            {
                // The bot's worker holds it; it gives an idle partition back within a third of its lease.
                await Task.Delay(250);
            }
        }
    }
}

/// <summary>The bot on the durable queue with its worker removed: what the endpoint stores is left in the queue to inspect.</summary>
public sealed class StoreOnlyBotFixture : BotFixture
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["ActivityQueue:Kind"] = "Storage",
        ["ActivityQueue:Partitions"] = "2",
    };

    protected override void ConfigureServices(IServiceCollection services)
    {
        var worker = services.Single(d => d.ServiceType == typeof(IHostedService) && d.ImplementationType == typeof(StorageQueueWorker));
        services.Remove(worker);
    }

    public ActivityPartitions Partitions => Host.Services.GetRequiredService<ActivityPartitions>();

    public QueueClient QueueFor(string conversationId) =>
        Host.Services.GetRequiredService<QueueServiceClient>().GetQueueClient(Partitions.QueueNames[Partitions.Of(conversationId)]);

    public BlobContainerClient Bodies => Host.Services.GetRequiredService<BlobServiceClient>().GetBlobContainerClient(Partitions.BlobContainer);
}
