using Azure.Data.Tables;
using Microsoft.Extensions.Options;

namespace HubSpotTeamsBot.Storage;

/// <summary>Checks what data annotations cannot: the connection string parses and durations are positive.</summary>
internal sealed class StorageOptionsValidator : IValidateOptions<StorageOptions>
{
    public ValidateOptionsResult Validate(string? name, StorageOptions options)
    {
        var failures = new List<string>();
        if (options.UsesEndpoints)
        {
            foreach (var (setting, endpoint) in new[]
            {
                ("Storage:TableEndpoint", options.TableEndpoint), ("Storage:QueueEndpoint", options.QueueEndpoint), ("Storage:BlobEndpoint", options.BlobEndpoint),
            })
            {
                // The Azure SDK sends bearer tokens over https only, so an http endpoint could never authenticate.
                if (endpoint is not { IsAbsoluteUri: true } || endpoint.Scheme != Uri.UriSchemeHttps)
                {
                    failures.Add($"{setting} must be an absolute https URL (the storage account's endpoint, e.g. https://<account>.{setting["Storage:".Length..^"Endpoint".Length].ToLowerInvariant()}.core.windows.net/) when any storage endpoint is set.");
                }
            }
        }
        else if (string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            failures.Add("Storage:ConnectionString is required unless Storage:TableEndpoint, Storage:QueueEndpoint and Storage:BlobEndpoint are set.");
        }
        else if (!ConnectionStringParses(options.ConnectionString))
        {
            failures.Add("Storage:ConnectionString is not a valid storage connection string.");
        }

        if (!string.IsNullOrWhiteSpace(options.KeyVaultKeyId))
        {
            failures.Add("Storage:KeyVaultKeyId is set, but this build cannot wrap the key ring with Key Vault " +
                "(package Azure.Extensions.AspNetCore.DataProtection.Keys is not available). Remove the setting.");
        }

        AddIfNotPositive(failures, options.NetworkTimeout, "Storage:NetworkTimeout");
        AddIfNotPositive(failures, options.HealthCheckTimeout, "Storage:HealthCheckTimeout");
        AddIfNotPositive(failures, options.IdempotencyTtl, "Storage:IdempotencyTtl");
        AddIfNotPositive(failures, options.IdempotencyClaimTimeout, "Storage:IdempotencyClaimTimeout");
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void AddIfNotPositive(List<string> failures, TimeSpan value, string setting)
    {
        if (value <= TimeSpan.Zero)
        {
            failures.Add($"{setting} must be a positive duration (hh:mm:ss).");
        }
    }

    private static bool ConnectionStringParses(string connectionString)
    {
        try
        {
            _ = new TableServiceClient(connectionString);
            return true;
        }
        catch (Exception e) when (e is FormatException or ArgumentException or InvalidOperationException)
        {
            return false;
        }
    }
}
