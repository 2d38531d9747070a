using System.Text.RegularExpressions;
using Bot.Tests.Harness;

namespace Bot.Tests.Production;

/// <summary>Where the outside services of one production-settings run are (local stand-ins).</summary>
public sealed record StandIns(
    ChannelSimulator Simulator, Uri TableEndpoint, Uri QueueEndpoint, Uri BlobEndpoint, string IdentityEndpoint,
    Uri HubSpotApi, Uri HubSpotAuthorize, string IngestionEndpoint, Uri GraphBaseUrl);

/// <summary>
/// The settings a Production bot process gets: exactly the web app's app settings from the compiled template, with
/// only the declared <see cref="Replacements"/> — the endpoints of outside services pointed at local stand-ins, the
/// test-only switch that lets a Production process use them, and Key Vault references resolved to test values by
/// secret name. Any other difference from the template fails <see cref="BuildAsync"/>.
/// </summary>
public static partial class ProductionSettings
{
    /// <summary>The deployment the template is evaluated for (deploy.ps1's parameters).</summary>
    public static IReadOnlyDictionary<string, object?> DeploymentParameters(string adminObjectId) => new Dictionary<string, object?>
    {
        ["namePrefix"] = "contoso-hsbot",
        ["location"] = "westeurope",
        ["botAppId"] = ChannelSimulator.AppId,
        ["tenantId"] = ChannelSimulator.BotTenantId,
        ["hubSpotClientId"] = SandboxHost.ClientId,
        ["adminObjectIds"] = new List<object?> { adminObjectId },
    };

    /// <summary>Key Vault secret name → the test's value (the template only references them).</summary>
    public static readonly IReadOnlyDictionary<string, string> SecretValues = new Dictionary<string, string>
    {
        ["bot-app-password"] = ChannelSimulator.AppPassword,
        ["hubspot-client-secret"] = SandboxHost.ClientSecret,
        // 32 bytes, base64: the Data Protection key-encryption key deploy.ps1 generates into Key Vault.
        ["dataprotection-kek-1"] = Convert.ToBase64String(System.Security.Cryptography.SHA256.HashData("production-settings-test-kek"u8)),
    };

    /// <summary>The one list of differences from the template: setting → (value, why). Nothing else may differ.</summary>
    public static IReadOnlyDictionary<string, (string Value, string Why)> Replacements(StandIns s) => new Dictionary<string, (string, string)>
    {
        ["Bot__OpenIdMetadataUrl"] = (s.Simulator.OpenIdMetadataUrl, "Bot Connector signing keys → channel simulator"),
        ["Bot__TokenAuthority"] = (s.Simulator.TokenAuthority, "Bot Connector token endpoint → channel simulator"),
        ["Storage__TableEndpoint"] = (s.TableEndpoint.ToString(), "storage account → Azurite (https, bearer tokens only)"),
        ["Storage__QueueEndpoint"] = (s.QueueEndpoint.ToString(), "storage account → Azurite"),
        ["Storage__BlobEndpoint"] = (s.BlobEndpoint.ToString(), "storage account → Azurite"),
        ["IDENTITY_ENDPOINT"] = (s.IdentityEndpoint, "App Service's managed identity endpoint (set by the platform) → stub"),
        ["IDENTITY_HEADER"] = (ManagedIdentityStub.Header, "App Service's managed identity secret (set by the platform) → stub's"),
        ["HubSpot__ApiBaseUrl"] = (s.HubSpotApi.ToString(), "HubSpot API → sandbox"),
        ["HubSpot__AuthorizeUrl"] = (s.HubSpotAuthorize.ToString(), "HubSpot consent page → sandbox"),
        ["Graph__BaseUrl"] = (s.GraphBaseUrl.ToString(), "Microsoft Graph → stub (https)"),
        ["Graph__TokenAuthorityHost"] = (s.Simulator.TokenAuthority + "/", "Graph's token endpoint → channel simulator's"),
        ["Production__AllowTestEndpoints"] = ("true", "test-only switch (never in the template): lets Production use the http sandbox"),
        ["APPLICATIONINSIGHTS_CONNECTION_STRING"] = ($"InstrumentationKey=6f1c0d2e-0000-4000-8000-00000000a1a1;IngestionEndpoint={s.IngestionEndpoint};LiveEndpoint={s.IngestionEndpoint}",
            "Application Insights ingestion → local stub"),
    };

    /// <summary>Template settings + Key Vault test values + the declared replacements; checks nothing else changed.</summary>
    public static async Task<Dictionary<string, string>> BuildAsync(StandIns standIns, string adminObjectId)
    {
        var template = await TemplateAppSettings.ForAsync(DeploymentParameters(adminObjectId));
        var settings = new Dictionary<string, string>();
        foreach (var (name, value) in template)
        {
            settings[name] = KeyVaultReference().Match(value) is { Success: true } reference
                ? SecretValues.TryGetValue(reference.Groups["name"].Value, out var secret)
                    ? secret
                    : throw new InvalidOperationException($"App setting {name} references Key Vault secret '{reference.Groups["name"].Value}', which has no test value in ProductionSettings.SecretValues.")
                : value;
        }

        var replacements = Replacements(standIns);
        foreach (var (name, (value, _)) in replacements) settings[name] = value;

        var templateNames = template.Select(t => t.Key).ToHashSet();
        foreach (var (name, value) in settings)
        {
            var fromTemplate = template.FirstOrDefault(t => t.Key == name).Value;
            var changed = !templateNames.Contains(name) || (fromTemplate != value && !KeyVaultReference().IsMatch(fromTemplate));
            if (changed && !replacements.ContainsKey(name)) throw new InvalidOperationException($"{name} differs from the template but is not a declared replacement.");
        }
        return settings;
    }

    [GeneratedRegex(@"^@Microsoft\.KeyVault\(SecretUri=https://[^/]+/secrets/(?<name>[^/]+)/?\)$")]
    private static partial Regex KeyVaultReference();
}
