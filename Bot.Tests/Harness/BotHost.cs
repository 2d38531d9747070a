using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Bot.Tests.Harness;

/// <summary>
/// The real bot on Kestrel (real HTTP on loopback), configured to trust the channel simulator's issuer and to get
/// its outbound token from the simulator's token endpoint.
/// </summary>
public sealed class BotHost : WebApplicationFactory<Program>
{
    private readonly ChannelSimulator _simulator;
    private readonly Dictionary<string, string?> _settings;
    private readonly Action<IServiceCollection>? _configureServices;

    public CapturedLogs Logs { get; } = new();
    /// <summary>Known before start, so settings such as the OAuth redirect URL can name it.</summary>
    public Uri BaseAddress { get; }

    public BotHost(ChannelSimulator simulator, IDictionary<string, string?>? settings = null, string environment = "Testing",
        Action<IServiceCollection>? configureServices = null, int? port = null)
    {
        _simulator = simulator;
        _configureServices = configureServices;
        Environment = environment;
        _settings = new(StringComparer.OrdinalIgnoreCase)
        {
            ["Bot:AppId"] = ChannelSimulator.AppId,
            ["Bot:TenantId"] = ChannelSimulator.BotTenantId,
            ["Bot:AppPassword"] = ChannelSimulator.AppPassword,
            ["Bot:AppType"] = "SingleTenant",
            ["Bot:OpenIdMetadataUrl"] = simulator.OpenIdMetadataUrl,
            ["Bot:TokenAuthority"] = simulator.TokenAuthority,
            // Tests drive many turns per second from the same few people; the per-user limits are tested on their own
            // (SecurityFloodTests), everywhere else they are out of the way.
            ["TurnLimits:UserTurnBurst"] = "1000000",
            ["TurnLimits:UserTurnsPerMinute"] = "6000000",
            ["TurnLimits:UserInvokeBurst"] = "1000000",
            ["TurnLimits:UserInvokesPerMinute"] = "6000000",
            ["TurnLimits:UserConcurrentInvokes"] = "10000",
            ["TurnLimits:TenantBurst"] = "10000000",
            ["TurnLimits:TenantTurnsPerMinute"] = "60000000",
            ["TurnLimits:RefusalAuditRowsPerWindow"] = "100000",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>()) _settings[key] = value;
        Port = port ?? LoopbackPort.Free();
        BaseAddress = new Uri($"http://127.0.0.1:{Port}/");
        // The address goes in through "urls" (see ConfigureWebHost): UseKestrel(port) races the server start here.
        UseKestrel();
    }

    public int Port { get; }

    public string Environment { get; }

    /// <summary>Starts the bot and returns a client for its real address.</summary>
    public HttpClient Start()
    {
        StartServer();
        return new HttpClient { BaseAddress = BaseAddress };
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(Environment);
        builder.UseSetting("urls", BaseAddress.ToString().TrimEnd('/'));
        foreach (var (key, value) in _settings) builder.UseSetting(key, value);
        builder.ConfigureLogging(logging => logging.AddProvider(Logs));
        builder.ConfigureTestServices(services =>
        {
            var thumbprint = _simulator.Certificate.Thumbprint;
            services.AddHttpClient("msal").ConfigurePrimaryHttpMessageHandler(() => new HttpClientHandler
            {
                // Trust exactly the simulator's throwaway certificate, nothing else.
                ServerCertificateCustomValidationCallback = (_, cert, _, errors) => errors == System.Net.Security.SslPolicyErrors.None || cert?.Thumbprint == thumbprint,
            });
            _configureServices?.Invoke(services);
        });
    }
}
