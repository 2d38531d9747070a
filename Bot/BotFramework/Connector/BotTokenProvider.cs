using Microsoft.Extensions.Options;
using Microsoft.Identity.Client;
using Microsoft.Identity.Client.AppConfig;

namespace HubSpotTeamsBot.BotFramework.Connector;

/// <summary>
/// The bot's outbound token for the Bot Connector (docs/teams-protocol.md, "Outbound token"): MSAL client credentials
/// against the bot's own
/// tenant (SingleTenant) or a user-assigned managed identity. MSAL caches the token and refreshes it near expiry.
/// </summary>
public sealed class BotTokenProvider : IDisposable
{
    public const string HttpClientName = "msal";
    private readonly Lazy<Func<bool, CancellationToken, Task<AuthenticationResult>>> _acquire;
    private readonly BotOptions _options;
    private readonly SemaphoreSlim _first = new(1, 1);
    private volatile bool _fetchedOnce;

    public BotTokenProvider(IOptions<BotOptions> options, IHttpClientFactory httpClients)
    {
        _options = options.Value;
        _acquire = new(() => Build(_options, new MsalHttpClientFactory(httpClients)));
    }

    public async Task<string> GetTokenAsync(bool forceRefresh, CancellationToken cancellationToken)
    {
        if (forceRefresh || _fetchedOnce) return (await _acquire.Value(forceRefresh, cancellationToken)).AccessToken;

        // Until the first token is in MSAL's cache, callers take turns: the start-up warm-up and the first turns
        // would otherwise each miss the cache and each ask the token endpoint. The ones that wait then read the cache.
        await _first.WaitAsync(cancellationToken);
        try
        {
            var result = await _acquire.Value(false, cancellationToken);
            _fetchedOnce = true;
            return result.AccessToken;
        }
        finally
        {
            _first.Release();
        }
    }

    public void Dispose() => _first.Dispose();

    private static Func<bool, CancellationToken, Task<AuthenticationResult>> Build(BotOptions options, IMsalHttpClientFactory http)
    {
        if (options.AppType == BotAppType.UserAssignedMSI)
        {
            var msi = ManagedIdentityApplicationBuilder.Create(ManagedIdentityId.WithUserAssignedClientId(options.AppId))
                .WithHttpClientFactory(http).Build();
            var resource = options.ConnectorScope.Replace("/.default", string.Empty, StringComparison.Ordinal);
            return (force, ct) => msi.AcquireTokenForManagedIdentity(resource).WithForceRefresh(force).ExecuteAsync(ct);
        }

        if (string.IsNullOrEmpty(options.AppPassword))
            throw new InvalidOperationException("Bot:AppPassword is not set, so the bot cannot get a token for the Bot Connector.");

        var authority = new Uri($"{options.TokenAuthority.TrimEnd('/')}/{options.TenantId}");
        var app = ConfidentialClientApplicationBuilder.Create(options.AppId)
            .WithClientSecret(options.AppPassword)
            .WithAuthority(authority.ToString(), validateAuthority: false)
            // Instance discovery only knows Microsoft's clouds; a sovereign or local authority must skip it.
            .WithInstanceDiscovery(authority.Host.EndsWith("login.microsoftonline.com", StringComparison.OrdinalIgnoreCase))
            .WithHttpClientFactory(http)
            .Build();
        string[] scopes = [options.ConnectorScope];
        return (force, ct) => app.AcquireTokenForClient(scopes).WithForceRefresh(force).ExecuteAsync(ct);
    }

    /// <summary>MSAL's HTTP goes through IHttpClientFactory so handlers (and test certificates) are configured in one place.</summary>
    private sealed class MsalHttpClientFactory(IHttpClientFactory factory) : IMsalHttpClientFactory
    {
        public HttpClient GetHttpClient() => factory.CreateClient(HttpClientName);
    }
}
