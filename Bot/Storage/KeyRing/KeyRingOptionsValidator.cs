using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace HubSpotTeamsBot.Storage.KeyRing;

/// <summary>
/// Every key must parse; outside Development and Testing at least one is required, so a production instance never
/// writes the key ring in the clear. The app's host always has an environment; a bare service container (tools, the
/// storage tests) has none and is held to the Development rule.
/// </summary>
internal sealed class KeyRingOptionsValidator(IHostEnvironment? environment) : IValidateOptions<KeyRingOptions>
{
    public ValidateOptionsResult Validate(string? name, KeyRingOptions options)
    {
        var problems = new List<string>();
        var keys = KeyEncryptionKeys.Parse(options, problems);
        if (problems.Count == 0 && !keys.Any && environment is not null && !KeyRingEncryption.MayRunUnencrypted(environment))
        {
            problems.Add($"{KeyRingOptions.KeysSetting} is required in {environment.EnvironmentName}: set " +
                $"{KeyRingOptions.KeysSetting}:1 (env DataProtection__KeyEncryptionKeys__1) to 32 random bytes in base64, in Azure a Key Vault " +
                "reference to the secret dataprotection-kek-1 (deploy.ps1 creates it). Without it the Data Protection key ring, and with it " +
                "the portal's HubSpot tokens, could be read by anyone who can read the storage account.");
        }
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
