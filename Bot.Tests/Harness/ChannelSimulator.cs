using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Bot.Tests.Harness;

/// <summary>
/// The Teams side of the wire, on loopback: the Bot Framework OpenID configuration and JWKS (with endorsements),
/// a token endpoint for the bot's outbound client-credentials token (HTTPS, because MSAL requires it), and the
/// Bot Connector REST surface that records every reply. Mints channel tokens like the Bot Connector does.
/// </summary>
public sealed class ChannelSimulator : IAsyncDisposable
{
    public const string AppId = "00000000-0000-0000-0000-00000000b07a";
    public const string AppPassword = "simulator-client-secret";
    public const string BotTenantId = "11111111-1111-1111-1111-111111111111";

    private readonly WebApplication _app;
    private readonly ConcurrentQueue<string> _issuedBotTokens = new();
    private int _tokenRequests;
    private int _keysRequests;

    public SimulatorKeys Keys { get; } = new();
    public FakeConnector Connector { get; } = new();
    public X509Certificate2 Certificate { get; }
    public string BaseUrl { get; private set; } = string.Empty;
    public string TokenAuthority { get; private set; } = string.Empty;
    public string OpenIdMetadataUrl => $"{BaseUrl}/v1/.well-known/openidconfiguration";
    public string ServiceUrl => $"{BaseUrl}/connector/";
    public int TokenRequests => _tokenRequests;
    public int SigningKeysRequests => _keysRequests;
    public IReadOnlyCollection<string> IssuedBotTokens => _issuedBotTokens;

    /// <summary>Scopes besides the Bot Connector's that the token endpoint issues for (e.g. a Graph stub's /.default).</summary>
    public ConcurrentBag<string> AcceptedScopes { get; } = [];

    private ChannelSimulator(WebApplication app, X509Certificate2 certificate)
    {
        _app = app;
        Certificate = certificate;
    }

    public static async Task<ChannelSimulator> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        var cert = TestCertificate.Create();
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.Listen(IPAddress.Loopback, 0);
            k.Listen(IPAddress.Loopback, 0, listen => listen.UseHttps(cert));
        });
        var app = builder.Build();
        var simulator = new ChannelSimulator(app, cert);
        simulator.Map(app);
        await app.StartAsync();
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        simulator.BaseUrl = addresses.First(a => a.StartsWith("http://", StringComparison.Ordinal)).Replace("[::1]", "127.0.0.1", StringComparison.Ordinal);
        simulator.TokenAuthority = addresses.First(a => a.StartsWith("https://", StringComparison.Ordinal));
        return simulator;
    }

    /// <summary>A Bot Connector token for an activity bound for <paramref name="serviceUrl"/>.</summary>
    public string MintToken(TokenSpec? spec = null)
    {
        spec ??= new TokenSpec();
        var key = spec.Key ?? Keys.Teams;
        var signing = spec.ClaimedKey is null ? key.SecurityKey : new RsaSecurityKey(((RsaSecurityKey)key.SecurityKey).Rsa) { KeyId = spec.ClaimedKey.Kid };
        var now = DateTime.UtcNow;
        var claims = new Dictionary<string, object> { ["serviceurl"] = spec.ServiceUrl ?? ServiceUrl };
        return new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = spec.Issuer,
            Audience = spec.Audience ?? AppId,
            NotBefore = spec.NotBefore ?? now.AddMinutes(-1),
            Expires = spec.Expires ?? now.AddMinutes(60),
            IssuedAt = (spec.NotBefore ?? now.AddMinutes(-1)),
            Claims = claims,
            SigningCredentials = new SigningCredentials(signing, spec.Algorithm),
        });
    }

    private void Map(WebApplication app)
    {
        app.MapGet("/v1/.well-known/openidconfiguration", () => Results.Json(new JsonObject
        {
            ["issuer"] = "https://api.botframework.com",
            ["authorization_endpoint"] = "https://invalid.botframework.com",
            ["jwks_uri"] = $"{BaseUrl}/v1/.well-known/keys",
            ["id_token_signing_alg_values_supported"] = new JsonArray("RS256"),
            ["token_endpoint_auth_methods_supported"] = new JsonArray("private_key_jwt"),
        }));
        app.MapGet("/v1/.well-known/keys", () =>
        {
            Interlocked.Increment(ref _keysRequests);
            return Results.Json(Keys.Jwks());
        });
        app.MapPost("/{tenant}/oauth2/v2.0/token", IssueBotTokenAsync);
        Connector.Map(app);
    }

    private async Task<IResult> IssueBotTokenAsync(string tenant, HttpRequest request)
    {
        Interlocked.Increment(ref _tokenRequests);
        var form = await request.ReadFormAsync();
        if (tenant != BotTenantId || form["client_id"] != AppId || form["client_secret"] != AppPassword
            || form["grant_type"] != "client_credentials" || (form["scope"] != "https://api.botframework.com/.default" && !AcceptedScopes.Contains(form["scope"].ToString())))
        {
            return Results.Json(new { error = "invalid_client", error_description = "AADSTS7000215: Invalid client secret provided." }, statusCode: 401);
        }
        var token = $"bot-token-{Guid.NewGuid():N}";
        _issuedBotTokens.Enqueue(token);
        return Results.Json(new { token_type = "Bearer", expires_in = 3600, ext_expires_in = 3600, access_token = token });
    }

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        Keys.Dispose();
        Certificate.Dispose();
    }
}
