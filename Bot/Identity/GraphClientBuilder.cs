using Azure.Core;
using Azure.Identity;
using Microsoft.Graph;
using Microsoft.Kiota.Abstractions.Authentication;
using Microsoft.Kiota.Authentication.Azure;
using Microsoft.Kiota.Http.HttpClientLibrary.Middleware;
using Microsoft.Kiota.Http.HttpClientLibrary.Middleware.Options;

namespace HubSpotTeamsBot.Identity;

/// <summary>Builds the one GraphServiceClient of the app: Graph's own middleware (retry honouring Retry-After,
/// redirects, compression) with a configurable retry count, the configured base URL, and an app-only credential —
/// or no credential at all for the local stub in Development.</summary>
internal static class GraphClientBuilder
{
    public static GraphServiceClient Build(GraphOptions options)
    {
        var handlers = GraphClientFactory.CreateDefaultHandlers();
        for (var i = 0; i < handlers.Count; i++)
        {
            if (handlers[i] is RetryHandler)
            {
                handlers[i] = new RetryHandler(new RetryHandlerOption { MaxRetry = options.MaxRetries });
            }
        }

        // A long-lived singleton client: recycle pooled connections so DNS changes are picked up.
        var finalHandler = new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) };
        var httpClient = GraphClientFactory.Create(handlers, finalHandler: finalHandler);
        httpClient.Timeout = options.Timeout;

        return new GraphServiceClient(httpClient, CreateAuthenticationProvider(options), options.BaseUrl.ToString().TrimEnd('/'));
    }

    private static IAuthenticationProvider CreateAuthenticationProvider(GraphOptions options)
    {
        if (options.UseAnonymousAuthForTesting)
        {
            return new AnonymousAuthenticationProvider();
        }

        TokenCredential credential = options.UseManagedIdentity
            ? new ManagedIdentityCredential(string.IsNullOrWhiteSpace(options.ManagedIdentityClientId)
                ? ManagedIdentityId.SystemAssigned
                : ManagedIdentityId.FromUserAssignedClientId(options.ManagedIdentityClientId))
            : new ClientSecretCredential(options.TenantId, options.ClientId, options.ClientSecret,
                new ClientSecretCredentialOptions
                {
                    AuthorityHost = options.TokenAuthorityHost,
                    // Instance discovery only knows Microsoft's clouds (as for the Bot Connector token); another
                    // authority host (a sovereign or local one) must skip it.
                    DisableInstanceDiscovery = !options.TokenAuthorityHost.Host.EndsWith("login.microsoftonline.com", StringComparison.OrdinalIgnoreCase),
                });

        // The token is only attached for the configured Graph host, and asked for that host's audience (national clouds).
        var host = options.BaseUrl.Host;
        var scope = $"{options.BaseUrl.GetLeftPart(UriPartial.Authority)}/.default";
        return new AzureIdentityAuthenticationProvider(credential, [host], observabilityOptions: null, isCaeEnabled: false, scopes: [scope]);
    }
}
