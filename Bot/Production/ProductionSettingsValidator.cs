using HubSpotTeamsBot.BotFramework;
using HubSpotTeamsBot.HubSpot;
using HubSpotTeamsBot.Identity;
using HubSpotTeamsBot.Storage;
using Microsoft.Extensions.Options;

namespace HubSpotTeamsBot.Production;

/// <summary>
/// In Production, refuses to start without the settings a first day needs (so an operator reads one message at
/// start instead of meeting an exception at the first <c>connect</c>), and refuses HubSpot and Graph endpoints that
/// are not HubSpot's or Microsoft's over https. Each message names the setting and how to set it.
/// Reads the sections itself rather than the bound options, so each section's own validator still reports its
/// own problems and this one never fails on theirs.
/// </summary>
internal sealed class ProductionSettingsValidator(IHostEnvironment environment, IConfiguration configuration) : IValidateOptions<ProductionOptions>
{
    /// <summary>HubSpot serves its API and consent pages from these domains only (EU data centre included).</summary>
    private static readonly string[] HubSpotDomains = ["hubapi.com", "hubspot.com"];

    /// <summary>Microsoft Graph in the public and national clouds.</summary>
    private static readonly string[] GraphHosts =
        ["graph.microsoft.com", "graph.microsoft.us", "dod-graph.microsoft.us", "microsoftgraph.chinacloudapi.cn"];

    public ValidateOptionsResult Validate(string? name, ProductionOptions options)
    {
        if (!environment.IsProduction()) return ValidateOptionsResult.Success;

        var bot = Section<BotOptions>(BotOptions.Section);
        var roles = Section<RolesOptions>(RolesOptions.SectionName);
        var storage = Section<StorageOptions>(StorageOptions.SectionName);
        var hubSpot = Section<HubSpotOptions>(HubSpotOptions.SectionName);
        var graph = Section<GraphOptions>(GraphOptions.SectionName);
        List<string> failures = [];

        if (string.IsNullOrWhiteSpace(bot.PublicBaseUrl))
        {
            failures.Add("Bot:PublicBaseUrl is required in Production: the HubSpot sign-in link is built from it. " +
                "Set the app setting Bot__PublicBaseUrl to the bot's address, e.g. https://<name>-bot.azurewebsites.net/ (infra/ writes it from the web app's host name).");
        }
        else if (!IsHttps(bot.PublicBaseUrl) && !options.AllowTestEndpoints)
        {
            failures.Add($"Bot:PublicBaseUrl must be an https URL in Production (got '{bot.PublicBaseUrl}'). Set Bot__PublicBaseUrl to https://<host>/.");
        }

        if (roles.BootstrapAdmins.Count == 0 && roles.AdminDirectoryRoles.Count == 0)
        {
            failures.Add("Roles:BootstrapAdmins is empty in Production, so nobody could link HubSpot or grant roles. " +
                "Set Roles__BootstrapAdmins__0 (and __1, …) to Entra object ids: deploy.ps1 -Admins <UPN or object id> writes them.");
        }

        if (!storage.UsesEndpoints && (string.IsNullOrWhiteSpace(storage.ConnectionString) || storage.ConnectionString.Contains(StorageOptions.DevelopmentStorage, StringComparison.OrdinalIgnoreCase)))
        {
            failures.Add("Storage:TableEndpoint is not set, so the bot would use the local storage emulator. " +
                "Set Storage__TableEndpoint, Storage__QueueEndpoint and Storage__BlobEndpoint to the storage account's https endpoints (infra/ writes them; the web app's managed identity needs the Storage Table, Queue and Blob Data Contributor roles).");
        }

        if (string.IsNullOrWhiteSpace(hubSpot.ClientId))
        {
            failures.Add("HubSpot:ClientId is required in Production. Set HubSpot__ClientId to the HubSpot app's client id (deploy.ps1 -HubSpotClientId).");
        }

        if (string.IsNullOrWhiteSpace(hubSpot.ClientSecret))
        {
            failures.Add("HubSpot:ClientSecret is required in Production. Set HubSpot__ClientSecret (infra/ reads it from Key Vault secret hubspot-client-secret; deploy.ps1 -HubSpotClientSecret stores it).");
        }

        if (string.IsNullOrWhiteSpace(hubSpot.RedirectUri))
        {
            failures.Add("HubSpot:RedirectUri is required in Production. Set HubSpot__RedirectUri to https://<host>/auth/hubspot/callback (infra/ writes it).");
        }

        if (!options.AllowTestEndpoints)
        {
            RequireHost(failures, "HubSpot:ApiBaseUrl", hubSpot.ApiBaseUrl, "https://api.hubapi.com", host => HubSpotDomains.Any(d => IsDomainOrSubdomain(host, d)));
            RequireHost(failures, "HubSpot:AuthorizeUrl", hubSpot.AuthorizeUrl, "https://app.hubspot.com/oauth/authorize", host => HubSpotDomains.Any(d => IsDomainOrSubdomain(host, d)));
            RequireHost(failures, "Graph:BaseUrl", graph.BaseUrl?.ToString(), "https://graph.microsoft.com/v1.0", host => GraphHosts.Contains(host, StringComparer.OrdinalIgnoreCase));
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private T Section<T>(string section) where T : new()
    {
        try
        {
            return configuration.GetSection(section).Get<T>() ?? new T();
        }
        catch (InvalidOperationException)
        {
            // A value that does not bind is the section validator's to report; judge the defaults here.
            return new T();
        }
    }

    private static void RequireHost(List<string> failures, string setting, string? value, string expected, Func<string, bool> allowed)
    {
        if (Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Scheme == Uri.UriSchemeHttps && allowed(uri.Host)) return;
        failures.Add($"{setting} must be an https address of the real service in Production (got '{value}', expected e.g. {expected}). " +
            $"Sandbox, stub or plain-http endpoints are for development and tests only: remove the {setting.Replace(':', '_').Replace("_", "__", StringComparison.Ordinal)} setting to use the default.");
    }

    private static bool IsHttps(string value) => Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Scheme == Uri.UriSchemeHttps;

    private static bool IsDomainOrSubdomain(string host, string domain) =>
        host.Equals(domain, StringComparison.OrdinalIgnoreCase) || host.EndsWith("." + domain, StringComparison.OrdinalIgnoreCase);
}
