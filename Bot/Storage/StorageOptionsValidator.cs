using Azure.Data.Tables;
using Microsoft.Extensions.Options;

namespace HubSpotTeamsBot.Storage;

/// <summary>Checks what data annotations cannot: the connection string parses and durations are positive.</summary>
internal sealed class StorageOptionsValidator : IValidateOptions<StorageOptions>
{
    public ValidateOptionsResult Validate(string? name, StorageOptions options)
    {
        var failures = new List<string>();
        if (!string.IsNullOrWhiteSpace(options.ConnectionString) && !ConnectionStringParses(options.ConnectionString))
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
