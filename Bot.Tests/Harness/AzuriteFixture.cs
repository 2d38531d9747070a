using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Bot.Tests.Harness;

/// <summary>
/// Runs Azurite (npm azurite: tables, queues and blobs) on free loopback ports with in-memory persistence for the
/// tests in the "Azurite" collection. Stop/Start keep the ports, so a test can take storage away and bring it back.
/// Azurite 3.37 refuses the service version the newest Azure.Storage.Queues/Blobs clients send, so it runs with
/// --skipApiVersionCheck: the emulator lags the SDK, and pinning an older version in the bot would change production.
/// <see cref="KeepDataAcrossRestarts"/> (opt-in, before the first start) stores the data in a temporary folder
/// instead, and stops Azurite gracefully so a restart finds everything that was written.
/// </summary>
public sealed class AzuriteFixture : IAsyncLifetime
{
    private const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";
    private static readonly TimeSpan StartupTimeout = TimeSpan.FromSeconds(60);
    private Process? _process;
    private string? _folder;
    private string? _tlsFolder;

    /// <summary>Opt-in before the first start: data on disk (a temporary folder, deleted on dispose) survives Stop/Start.</summary>
    public bool KeepDataAcrossRestarts { get; set; }

    /// <summary>Opt-in before the first start: serve https with this certificate and accept bearer tokens
    /// (Azurite's "--oauth basic": issuer, audience and lifetime are checked, not the signature), as an account reached
    /// with a managed identity is. The endpoints then start with https.</summary>
    public System.Security.Cryptography.X509Certificates.X509Certificate2? TlsCertificate { get; set; }

    private string Scheme => TlsCertificate is null ? "http" : "https";

    /// <summary>The Table service's port (the one the fixture waits on and probes).</summary>
    public int Port { get; } = LoopbackPort.Free();

    public int QueuePort { get; } = LoopbackPort.Free();

    public int BlobPort { get; } = LoopbackPort.Free();

    public Uri TableEndpoint => new($"{Scheme}://127.0.0.1:{Port}/devstoreaccount1");

    public Uri QueueEndpoint => new($"{Scheme}://127.0.0.1:{QueuePort}/devstoreaccount1");

    public Uri BlobEndpoint => new($"{Scheme}://127.0.0.1:{BlobPort}/devstoreaccount1");

    public string ConnectionString =>
        $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={AccountKey};TableEndpoint={TableEndpoint};QueueEndpoint={QueueEndpoint};BlobEndpoint={BlobEndpoint};";

    public Task InitializeAsync() => StartAsync();

    public async Task DisposeAsync()
    {
        await StopAsync();
        if (_folder is not null && Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }

        if (_tlsFolder is not null && Directory.Exists(_tlsFolder))
        {
            Directory.Delete(_tlsFolder, recursive: true);
        }
    }

    /// <summary>Starts Azurite (again) on <see cref="Port"/> and returns once it answers. Tests in the collection run one at a time.</summary>
    public async Task StartAsync()
    {
        if (_process is { HasExited: false })
        {
            return;
        }

        var start = new ProcessStartInfo(AzuriteBinary())
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetTempPath(),
        };
        if (KeepDataAcrossRestarts)
        {
            _folder ??= Directory.CreateTempSubdirectory("azurite-").FullName;
        }

        foreach (var argument in new[]
        {
            "--tableHost", "127.0.0.1", "--tablePort", Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--queueHost", "127.0.0.1", "--queuePort", QueuePort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--blobHost", "127.0.0.1", "--blobPort", BlobPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--disableTelemetry", "--silent", "--skipApiVersionCheck",
        }.Concat(_folder is null ? ["--inMemoryPersistence"] : ["--location", _folder]).Concat(TlsArguments()))
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("Azurite did not start.");
        // Drain the pipes so a chatty Azurite never blocks on a full buffer.
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;
        await WaitUntilAnsweringAsync(process);
    }

    /// <summary>Stops Azurite (in-memory data goes with it; on-disk data stays) and returns once the port refuses connections.</summary>
    public async Task StopAsync()
    {
        if (_process is null)
        {
            return;
        }

        if (!_process.HasExited && _folder is not null)
        {
            // SIGINT lets Azurite save its database before it exits; a kill could lose the last writes.
            using var interrupt = Process.Start("kill", ["-INT", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
            await interrupt.WaitForExitAsync();
            using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(15));
            try
            {
                await _process.WaitForExitAsync(grace.Token);
            }
            catch (OperationCanceledException)
            {
            }
        }

        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        _process = null;
        await WaitUntilPortClosedAsync();
    }

    private string[] TlsArguments()
    {
        if (TlsCertificate is null) return [];
        var pemFolder = _tlsFolder ??= Directory.CreateTempSubdirectory("azurite-tls-").FullName;
        var cert = Path.Combine(pemFolder, "cert.pem");
        var key = Path.Combine(pemFolder, "key.pem");
        File.WriteAllText(cert, TlsCertificate.ExportCertificatePem());
        using (var rsa = System.Security.Cryptography.X509Certificates.RSACertificateExtensions.GetRSAPrivateKey(TlsCertificate)!)
        {
            File.WriteAllText(key, rsa.ExportPkcs8PrivateKeyPem());
        }
        return ["--oauth", "basic", "--cert", cert, "--key", key];
    }

    private async Task WaitUntilAnsweringAsync(Process process)
    {
        // The probe only asks whether a port answers; with TLS on, the test certificate is not in the trust store.
        using var handler = new HttpClientHandler { ServerCertificateCustomValidationCallback = (_, _, _, _) => true };
        using var http = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow + StartupTimeout;
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"Azurite exited with code {process.ExitCode} before answering on port {Port}.");
            }

            try
            {
                // Any HTTP answer (Azurite says 400 to a bare GET) means the service is up.
                foreach (var port in new[] { Port, QueuePort, BlobPort })
                {
                    using var _ = await http.GetAsync(new Uri($"{Scheme}://127.0.0.1:{port}/"));
                }
                return;
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"Azurite did not answer on port {Port} within {StartupTimeout}.");
    }

    private async Task WaitUntilPortClosedAsync()
    {
        for (var i = 0; i < 100 && await AnyPortAcceptsAsync(); i++)
        {
            await Task.Delay(50);
        }
    }

    private async Task<bool> AnyPortAcceptsAsync()
    {
        foreach (var port in new[] { Port, QueuePort, BlobPort })
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, port);
                return true;
            }
            catch (SocketException)
            {
            }
        }

        return false;
    }

    private static string AzuriteBinary()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "HubSpotTeamsBot.sln")))
            {
                var binary = Path.Combine(dir.FullName, "node_modules", ".bin", "azurite");
                return File.Exists(binary)
                    ? binary
                    : throw new FileNotFoundException("Azurite is not installed: run `npm ci` in the repository root.", binary);
            }
        }

        throw new DirectoryNotFoundException("Could not find HubSpotTeamsBot.sln above " + AppContext.BaseDirectory);
    }
}
