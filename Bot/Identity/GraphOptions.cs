namespace HubSpotTeamsBot.Identity;

/// <summary>Configuration section "Graph" plus the bot's app registration (section "Bot") used for app-only tokens.</summary>
public sealed class GraphOptions
{
    public const string SectionName = "Graph";

    /// <summary>Graph root including the version segment; a national cloud or a local stub in tests.</summary>
    public Uri BaseUrl { get; set; } = new("https://graph.microsoft.com/v1.0");

    /// <summary>Entra authority host for the client-secret credential (national clouds).</summary>
    public Uri TokenAuthorityHost { get; set; } = new("https://login.microsoftonline.com/");

    /// <summary>Use the app's managed identity instead of Bot:AppId/Bot:AppPassword.</summary>
    public bool UseManagedIdentity { get; set; }

    /// <summary>Client id of a user-assigned managed identity; empty for the system-assigned one.</summary>
    public string? ManagedIdentityClientId { get; set; }

    /// <summary>Send no token at all: only for a local Graph stub, refused outside the Development environment.</summary>
    public bool UseAnonymousAuthForTesting { get; set; }

    /// <summary>Budget for one Graph call including the SDK's retries; past it the directory counts as unavailable.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Retries of throttled / 5xx answers by the Graph SDK's retry handler (it honours Retry-After).</summary>
    public int MaxRetries { get; set; } = 2;

    /// <summary>From Bot:TenantId — the tenant whose directory is read.</summary>
    public string? TenantId { get; set; }

    /// <summary>From Bot:AppId.</summary>
    public string? ClientId { get; set; }

    /// <summary>From Bot:AppPassword. Never logged.</summary>
    public string? ClientSecret { get; set; }
}
