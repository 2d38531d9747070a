using Azure.Core;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;

namespace HubSpotTeamsBot.Storage;

/// <summary>
/// The one place the storage account's service clients (tables, queues, blobs) are created, so every store, the
/// activity queue and the key ring reach the account the same way and with the same retry policy.
/// </summary>
internal static class StorageServiceClients
{
    public static TableServiceClient Tables(StorageOptions options) =>
        new(options.ConnectionString, Configure(new TableClientOptions(), options));

    public static QueueServiceClient Queues(StorageOptions options) =>
        new(options.ConnectionString, Configure(new QueueClientOptions(), options));

    public static BlobServiceClient Blobs(StorageOptions options) =>
        new(options.ConnectionString, Configure(new BlobClientOptions(), options));

    private static T Configure<T>(T clientOptions, StorageOptions options) where T : ClientOptions
    {
        clientOptions.Retry.Mode = RetryMode.Exponential;
        clientOptions.Retry.MaxRetries = options.MaxRetries;
        clientOptions.Retry.Delay = TimeSpan.FromMilliseconds(200);
        clientOptions.Retry.MaxDelay = TimeSpan.FromSeconds(1);
        clientOptions.Retry.NetworkTimeout = options.NetworkTimeout;
        return clientOptions;
    }
}
