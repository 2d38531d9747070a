using Microsoft.Extensions.Options;
using Microsoft.Identity.Client;
using Microsoft.Identity.Client.AppConfig;

namespace HubSpotTeamsBot.BotFramework.Connector;

/// <summary>
/// The bot's outbound token for the Bot Connector (docs/teams-protocol.md, "Outbound token"): MSAL client credentials
/// against the bot's own
/// tenant (SingleTenant) or a user-assigned managed identity. MSAL caches the token and refreshes it near expiry; the
/// last result is also kept here, because asking MSAL's cache costs about 5 % of a turn's CPU (a profile of the
/// pipeline benchmark) and every reply asks.
/// </summary>
public sealed class BotTokenProvider : IDisposable
{
    public const string HttpClientName = "msal";
    private readonly Lazy<Func<bool, CancellationToken, Task<AuthenticationResult>>> _acquire;
    private readonly BotOptions _options;
    private readonly SemaphoreSlim _first = new(1, 1);
    private volatile bool _fetchedOnce;
    private volatile AuthenticationResult? _last;

    /// <summary>MSAL itself renews a token in its last 5 minutes; the kept one goes back to MSAL a little earlier.</summary>
    private static readonly TimeSpan RenewBefore = TimeSpan.FromMinutes(6);

    public BotTokenProvider(IOptions<BotOptions> options, IHttpClientFactory httpClients)
    {
        _options = options.Value;
        _acquire = new(() => Build(_options, new MsalHttpClientFactory(httpClients)));
    }

    public async Task<string> GetTokenAsync(bool forceRefresh, CancellationToken cancellationToken)
    {
        if (!forceRefresh && _last is { } last && StillFresh(last, DateTimeOffset.UtcNow)) return last.AccessToken;
        if (forceRefresh || _fetchedOnce) return Keep(await _acquire.Value(forceRefresh, cancellationToken));

        // Until the first token is in MSAL's cache, callers take turns: the start-up warm-up and the first turns
        // would otherwise each miss the cache and each ask the token endpoint. The ones that wait then read the cache.
        await _first.WaitAsync(cancellationToken);
        try
        {
            var token = Keep(await _acquire.Value(false, cancellationToken));
            _fetchedOnce = true;
            return token;
        }
        finally
        {
            _first.Release();
        }
    }

    public void Dispose() => _first.Dispose();

    private string Keep(AuthenticationResult result)
    {
        _last = result;
        return result.AccessToken;
    }

    /// <summary>Fresh until MSAL's suggested refresh time (long-lived managed identity tokens carry one) or
    /// <see cref="RenewBefore"/> the expiry, whichever comes first.</summary>
    internal static bool StillFresh(AuthenticationResult result, DateTimeOffset now)
    {
        var renewAt = result.ExpiresOn - RenewBefore;
        if (result.AuthenticationResultMetadata?.RefreshOn is { } refreshOn && refreshOn < renewAt) renewAt = refreshOn;
        return now < renewAt;
    }

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
