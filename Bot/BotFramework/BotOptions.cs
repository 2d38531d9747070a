using Microsoft.Extensions.Options;

namespace HubSpotTeamsBot.BotFramework;

public enum BotAppType { SingleTenant, UserAssignedMSI }

/// <summary>The bot registration and every endpoint it talks to; section <c>Bot</c>.</summary>
public sealed class BotOptions
{
    public const string Section = "Bot";

    /// <summary>Issuer of every token the Bot Connector sends (docs/teams-protocol.md, "Token values"); not configurable on purpose.</summary>
    public const string ChannelIssuer = "https://api.botframework.com";

    public string AppId { get; set; } = string.Empty;
    public string? TenantId { get; set; }
    public BotAppType AppType { get; set; } = BotAppType.SingleTenant;

    /// <summary>Client secret for SingleTenant; empty for managed identity.</summary>
    public string? AppPassword { get; set; }

    /// <summary>Tenants whose users may use the bot; empty means the bot's own tenant only when TenantId is set.</summary>
    public string[] AllowedTenants { get; set; } = [];

    /// <summary>The bot's own public address (https://host/), for links to its pages such as the HubSpot sign-in start page.</summary>
    public string? PublicBaseUrl { get; set; }

    public string OpenIdMetadataUrl { get; set; } = "https://login.botframework.com/v1/.well-known/openidconfiguration";

    /// <summary>Host of the outbound token endpoint; the tenant id is appended (docs/teams-protocol.md, "Outbound token").</summary>
    public string TokenAuthority { get; set; } = "https://login.microsoftonline.com";

    public string ConnectorScope { get; set; } = "https://api.botframework.com/.default";

    /// <summary>How long an invoke may run before Teams gets a graceful "still working" answer.</summary>
    public TimeSpan InvokeBudget { get; set; } = TimeSpan.FromSeconds(4);

    public int MaxActivityBytes { get; set; } = 512 * 1024;
    public int QueueCapacity { get; set; } = 1024;
    public int QueueConcurrency { get; set; } = 16;

    public BotDevelopmentOptions Development { get; set; } = new();

    /// <summary>Tenants allowed in: the configured list, else the bot's own tenant, else any.</summary>
    public bool IsTenantAllowed(string? tenantId)
    {
        if (AllowedTenants.Length > 0) return tenantId is not null && AllowedTenants.Contains(tenantId, StringComparer.OrdinalIgnoreCase);
        return string.IsNullOrEmpty(TenantId) || string.Equals(TenantId, tenantId, StringComparison.OrdinalIgnoreCase);
    }
}

public sealed class BotDevelopmentOptions
{
    /// <summary>
    /// Lets the Microsoft 365 Agents Playground (which sends no token and wants none back) talk to the bot from
    /// loopback. Refused outside the Development environment.
    /// </summary>
    public bool AcceptPlayground { get; set; }
}

internal sealed class BotOptionsValidator(IHostEnvironment environment) : IValidateOptions<BotOptions>
{
    public ValidateOptionsResult Validate(string? name, BotOptions options)
    {
        List<string> failures = [];
        if (string.IsNullOrWhiteSpace(options.AppId)) failures.Add("Bot:AppId is required (the bot's Microsoft App ID).");
        if (string.IsNullOrWhiteSpace(options.TenantId)) failures.Add("Bot:TenantId is required for SingleTenant and UserAssignedMSI bots.");
        if (options.AppType == BotAppType.SingleTenant && string.IsNullOrWhiteSpace(options.AppPassword) && !options.Development.AcceptPlayground)
            failures.Add("Bot:AppPassword is required when Bot:AppType is SingleTenant.");
        if (options.AppType == BotAppType.UserAssignedMSI && !string.IsNullOrEmpty(options.AppPassword))
            failures.Add("Bot:AppPassword must be empty when Bot:AppType is UserAssignedMSI.");
        if (options.PublicBaseUrl is { Length: > 0 } publicUrl && !Uri.TryCreate(publicUrl, UriKind.Absolute, out _))
            failures.Add("Bot:PublicBaseUrl must be an absolute URL such as https://bot.example.com/.");
        foreach (var (key, value) in new[] { ("Bot:OpenIdMetadataUrl", options.OpenIdMetadataUrl), ("Bot:TokenAuthority", options.TokenAuthority) })
        {
            if (!Uri.TryCreate(value, UriKind.Absolute, out _)) failures.Add($"{key} must be an absolute URL.");
        }
        if (options.InvokeBudget <= TimeSpan.Zero || options.InvokeBudget > TimeSpan.FromSeconds(14))
            failures.Add("Bot:InvokeBudget must be between 0 and 14 seconds (Teams gives up after 15).");
        if (options.Development.AcceptPlayground && !environment.IsDevelopment())
            failures.Add("Bot:Development:AcceptPlayground is only allowed in the Development environment.");
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
