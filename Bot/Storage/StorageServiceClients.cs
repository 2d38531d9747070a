using Azure.Core;
using Azure.Data.Tables;
using Azure.Identity;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;

namespace HubSpotTeamsBot.Storage;

/// <summary>
/// The one place the storage account's service clients (tables, queues, blobs) are created, so every store, the
/// activity queue and the key ring reach the account the same way and with the same retry policy. With endpoints
/// configured they authenticate with a token (the App Service managed identity), never an account key; with a
/// connection string (Azurite locally) they use it as given.
/// </summary>
internal static class StorageServiceClients
{
    public static TableServiceClient Tables(StorageOptions options, TokenCredential? credential = null) =>
        options.UsesEndpoints
            ? new(options.TableEndpoint!, credential ?? Credential(), Configure(new TableClientOptions(), options))
            : new(options.ConnectionString, Configure(new TableClientOptions(), options));

    public static QueueServiceClient Queues(StorageOptions options, TokenCredential? credential = null) =>
        options.UsesEndpoints
            ? new(options.QueueEndpoint!, credential ?? Credential(), Configure(new QueueClientOptions(), options))
            : new(options.ConnectionString, Configure(new QueueClientOptions(), options));

    public static BlobServiceClient Blobs(StorageOptions options, TokenCredential? credential = null) =>
        options.UsesEndpoints
            ? new(options.BlobEndpoint!, credential ?? Credential(), Configure(new BlobClientOptions(), options))
            : new(options.ConnectionString, Configure(new BlobClientOptions(), options));

    /// <summary>
    /// The web app's user-assigned identity when AZURE_CLIENT_ID names it (the template sets it), else whatever
    /// DefaultAzureCredential finds (a developer's az login, a system-assigned identity).
    /// </summary>
    public static TokenCredential Credential() =>
        Environment.GetEnvironmentVariable("AZURE_CLIENT_ID") is { Length: > 0 } clientId
            ? new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(clientId))
            : new DefaultAzureCredential();

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
