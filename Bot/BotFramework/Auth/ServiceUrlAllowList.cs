using System.Net;
using Microsoft.Extensions.Options;

namespace HubSpotTeamsBot.BotFramework.Auth;

/// <summary>Setting <c>Bot:ServiceUrlHosts</c>: the Bot Connector hosts a stored serviceUrl may point at.</summary>
public sealed class ServiceUrlOptions
{
    /// <summary>Microsoft's Bot Connector hosts for Teams: commercial (all regions), GCC, GCC High, DoD.</summary>
    public static readonly IReadOnlyList<string> BotConnectorHosts =
    [
        "smba.trafficmanager.net",
        "smba.infra.gcc.teams.microsoft.com",
        "smba.infra.gov.teams.microsoft.us",
        "smba.infra.dod.teams.microsoft.us",
    ];

    /// <summary>Host names (no scheme or path); empty means <see cref="BotConnectorHosts"/>.</summary>
    public string[] ServiceUrlHosts { get; set; } = [];
}

/// <summary>
/// Decides whether a serviceUrl read back from storage (a saved conversation reference) may receive a proactive
/// message and the bot's token. Only https URLs on a Bot Connector host pass, so a tampered or planted reference cannot
/// send CRM data or the token anywhere else. In Development and Testing the local simulator (http on loopback) passes too.
/// </summary>
public sealed class ServiceUrlAllowList(IOptions<ServiceUrlOptions> options, IHostEnvironment environment)
{
    public const string Setting = "Bot:ServiceUrlHosts";

    public bool Allows(string? serviceUrl)
    {
        if (!Uri.TryCreate(serviceUrl, UriKind.Absolute, out var uri) || !string.IsNullOrEmpty(uri.UserInfo)) return false;
        if (IsLocalRun && uri.IsLoopback && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)) return true;
        if (uri.Scheme != Uri.UriSchemeHttps || !uri.IsDefaultPort) return false;
        var hosts = options.Value.ServiceUrlHosts is { Length: > 0 } configured ? configured : ServiceUrlOptions.BotConnectorHosts;
        return hosts.Any(h => string.Equals(h.Trim().TrimEnd('.'), uri.IdnHost.TrimEnd('.'), StringComparison.OrdinalIgnoreCase));
    }

    private bool IsLocalRun => environment.IsDevelopment() || environment.IsEnvironment("Testing");
}

internal sealed class ServiceUrlOptionsValidator : IValidateOptions<ServiceUrlOptions>
{
    public ValidateOptionsResult Validate(string? name, ServiceUrlOptions options)
    {
        var failures = options.ServiceUrlHosts
            .Select((host, i) => (host, i))
            .Where(h => string.IsNullOrWhiteSpace(h.host) || Uri.CheckHostName(h.host.Trim()) != UriHostNameType.Dns)
            .Select(h => $"{ServiceUrlAllowList.Setting}:{h.i} must be a host name such as smba.trafficmanager.net (no scheme or path).")
            .ToList();
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}

public static class ServiceUrlAllowListServiceCollectionExtensions
{
    public static IServiceCollection AddServiceUrlAllowList(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ServiceUrlOptions>().Bind(configuration.GetSection(BotOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<ServiceUrlOptions>, ServiceUrlOptionsValidator>();
        services.AddSingleton<ServiceUrlAllowList>();
        return services;
    }
}
