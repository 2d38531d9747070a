using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using Bot.Tests.Harness;
using Microsoft.Extensions.DependencyInjection;

namespace Bot.Tests.Storage;

/// <summary>The bot's table, queue and blob clients all reach the one storage account they are configured for.</summary>
[Collection(AzuriteCollectionDefinition.Name)]
public sealed class StorageServiceClientsTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task Queue_blob_and_table_clients_round_trip_through_azurite()
    {
        await using var services = StorageServices.Build(azurite);
        var suffix = Guid.NewGuid().ToString("n")[..12];

        var queue = services.GetRequiredService<QueueServiceClient>().GetQueueClient($"clients{suffix}");
        await queue.CreateIfNotExistsAsync();
        await queue.SendMessageAsync("queued");
        Assert.Equal("queued", (await queue.ReceiveMessageAsync()).Value.Body.ToString());

        var container = services.GetRequiredService<BlobServiceClient>().GetBlobContainerClient($"clients{suffix}");
        await container.CreateIfNotExistsAsync();
        await container.GetBlobClient("a").UploadAsync(BinaryData.FromString("stored"));
        Assert.Equal("stored", (await container.GetBlobClient("a").DownloadContentAsync()).Value.Content.ToString());

        var table = services.GetRequiredService<TableServiceClient>().GetTableClient($"clients{suffix}");
        await table.CreateIfNotExistsAsync();
        await table.AddEntityAsync(new TableEntity("p", "r") { ["Value"] = "kept" });
        Assert.Equal("kept", (await table.GetEntityAsync<TableEntity>("p", "r")).Value.GetString("Value"));
    }
}
