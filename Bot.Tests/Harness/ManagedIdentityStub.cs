using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Bot.Tests.Harness;

/// <summary>
/// The token endpoint App Service gives a web app's managed identity (IDENTITY_ENDPOINT, with the secret
/// IDENTITY_HEADER), on loopback http as in App Service. It answers only requests that carry the header, and mints
/// storage tokens in the shape Azurite's "--oauth basic" accepts (issuer sts.windows.net, audience storage).
/// Every request is recorded so a test can see which identity asked for which resource.
/// </summary>
public sealed class ManagedIdentityStub : IAsyncDisposable
{
    public const string Header = "identity-header-secret";

    private readonly WebApplication _app;
    private readonly ConcurrentQueue<TokenRequest> _requests = new();

    private ManagedIdentityStub(WebApplication app) => _app = app;

    public string Endpoint { get; private set; } = string.Empty;

    public IReadOnlyCollection<TokenRequest> Requests => _requests;

    /// <summary>The environment App Service sets for a user-assigned identity.</summary>
    public IReadOnlyDictionary<string, string> EnvironmentFor(string clientId) => new Dictionary<string, string>
    {
        ["IDENTITY_ENDPOINT"] = Endpoint,
        ["IDENTITY_HEADER"] = Header,
        ["AZURE_CLIENT_ID"] = clientId,
    };

    public static async Task<ManagedIdentityStub> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var stub = new ManagedIdentityStub(app);
        app.MapGet("/msi/token", (HttpRequest request) =>
        {
            var headerOk = request.Headers["X-IDENTITY-HEADER"].ToString() == Header;
            var resource = request.Query["resource"].ToString();
            var clientId = request.Query["client_id"].ToString();
            stub._requests.Enqueue(new TokenRequest(resource, clientId, headerOk));
            if (!headerOk) return Results.StatusCode(StatusCodes.Status401Unauthorized);
            var expires = DateTimeOffset.UtcNow.AddHours(1);
            return Results.Json(new Dictionary<string, string>
            {
                ["access_token"] = StorageToken(resource, expires),
                ["expires_on"] = expires.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["resource"] = resource,
                ["token_type"] = "Bearer",
                ["client_id"] = clientId,
            });
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        stub.Endpoint = $"{address.TrimEnd('/')}/msi/token";
        return stub;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    /// <summary>An unsigned-signature JWT: Azurite's basic OAuth mode checks issuer, audience and lifetime only.</summary>
    private static string StorageToken(string resource, DateTimeOffset expires)
    {
        var now = DateTimeOffset.UtcNow.AddMinutes(-1).ToUnixTimeSeconds();
        var header = new { alg = "RS256", typ = "JWT" };
        var payload = new Dictionary<string, object>
        {
            ["aud"] = resource.TrimEnd('/'),
            ["iss"] = "https://sts.windows.net/11111111-1111-1111-1111-111111111111/",
            ["iat"] = now,
            ["nbf"] = now,
            ["exp"] = expires.ToUnixTimeSeconds(),
            ["oid"] = Guid.NewGuid().ToString(),
        };
        return $"{Base64Url(JsonSerializer.Serialize(header))}.{Base64Url(JsonSerializer.Serialize(payload))}.c2lnbmF0dXJl";
    }

    private static string Base64Url(string json) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes(json)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}

public sealed record TokenRequest(string Resource, string ClientId, bool HeaderMatched);
