using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace Bot.Tests.Harness;

/// <summary>
/// The built bot (Bot/bin/&lt;configuration&gt;/net10.0/HubSpotTeamsBot.dll) as a separate process, the way App
/// Service runs it: its settings come only from environment variables, it inherits nothing else from the test run
/// but what the dotnet host needs, and it can be killed outright. Certificates passed in <c>trust</c> are added to
/// the process's root store through SSL_CERT_DIR (as `dotnet dev-certs` does on Linux), so it can reach loopback
/// stand-ins over TLS without any test switch inside the bot.
/// </summary>
public sealed class BotProcess : IAsyncDisposable
{
    /// <summary>What the dotnet host itself needs from the parent environment; nothing that configures the app.</summary>
    private static readonly string[] HostVariables = ["PATH", "HOME", "DOTNET_ROOT", "TMPDIR", "LANG"];

    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly Lock _outputGate = new();
    private readonly string? _certificateFolder;

    private BotProcess(Process process, Uri baseAddress, string? certificateFolder)
    {
        _process = process;
        BaseAddress = baseAddress;
        _certificateFolder = certificateFolder;
    }

    public Uri BaseAddress { get; }

    public int Port => BaseAddress.Port;

    public int ProcessId => _process.Id;

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    /// <summary>Everything the process wrote to stdout and stderr so far.</summary>
    public string Output
    {
        get
        {
            lock (_outputGate) return _output.ToString();
        }
    }

    /// <summary>The bot's settings for a Testing run against the channel simulator; callers add storage and the rest.</summary>
    public static Dictionary<string, string> TestingSettings(ChannelSimulator simulator) => new()
    {
        ["ASPNETCORE_ENVIRONMENT"] = "Testing",
        ["Bot__AppId"] = ChannelSimulator.AppId,
        ["Bot__TenantId"] = ChannelSimulator.BotTenantId,
        ["Bot__AppPassword"] = ChannelSimulator.AppPassword,
        ["Bot__OpenIdMetadataUrl"] = simulator.OpenIdMetadataUrl,
        ["Bot__TokenAuthority"] = simulator.TokenAuthority,
    };

    /// <summary><see cref="TestingSettings"/> plus the bot's backend: storage in Azurite, the HubSpot sandbox's app
    /// and the Graph stub, with warnings only in the log.</summary>
    public static Dictionary<string, string> BackendSettings(ChannelSimulator simulator, AzuriteFixture azurite, SandboxHost sandbox, GraphStub graph) =>
        new(TestingSettings(simulator))
        {
            ["Logging__LogLevel__Default"] = "Warning",
            ["Storage__ConnectionString"] = azurite.ConnectionString,
            ["HubSpot__ApiBaseUrl"] = sandbox.BaseUrl.ToString(),
            ["HubSpot__AuthorizeUrl"] = sandbox.AuthorizeUrl.ToString(),
            ["HubSpot__ClientId"] = SandboxHost.ClientId,
            ["HubSpot__ClientSecret"] = SandboxHost.ClientSecret,
            ["HubSpot__RedirectUri"] = "http://127.0.0.1/auth/hubspot/callback",
            ["Graph__BaseUrl"] = graph.BaseUrl.ToString(),
            ["Graph__UseAnonymousAuthForTesting"] = "true",
        };

    /// <summary>Starts the bot with exactly <paramref name="environment"/> (plus the host's basics and the URL to listen on).</summary>
    public static BotProcess Start(IReadOnlyDictionary<string, string> environment, int? port = null, IEnumerable<X509Certificate2>? trust = null)
    {
        var folder = BotOutputFolder();
        var address = new Uri($"http://127.0.0.1:{port ?? LoopbackPort.Free()}/");
        var start = new ProcessStartInfo("dotnet")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = folder,
        };
        start.ArgumentList.Add(Path.Combine(folder, "HubSpotTeamsBot.dll"));
        start.Environment.Clear();
        foreach (var name in HostVariables)
        {
            if (System.Environment.GetEnvironmentVariable(name) is { } value) start.Environment[name] = value;
        }
        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["ASPNETCORE_URLS"] = address.ToString().TrimEnd('/');

        var certificates = trust?.ToList() ?? [];
        string? certificateFolder = null;
        if (certificates.Count > 0)
        {
            certificateFolder = Directory.CreateTempSubdirectory("bot-trust-").FullName;
            for (var i = 0; i < certificates.Count; i++)
            {
                File.WriteAllText(Path.Combine(certificateFolder, $"test-{i}.pem"), certificates[i].ExportCertificatePem());
            }
            start.Environment["SSL_CERT_DIR"] = $"{certificateFolder}:{SystemCertificateFolder()}";
        }
        foreach (var (name, value) in environment) start.Environment[name] = value;

        var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start the bot.");
        var bot = new BotProcess(process, address, certificateFolder);
        process.OutputDataReceived += (_, e) => bot.Append(e.Data);
        process.ErrorDataReceived += (_, e) => bot.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return bot;
    }

    /// <summary>Waits for <c>/healthz</c> to answer 200; fails with the process's output if it exits or never gets there.</summary>
    public async Task WaitUntilHealthyAsync(TimeSpan? timeout = null)
    {
        using var http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(60));
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited) throw new InvalidOperationException($"The bot exited with code {_process.ExitCode} before it was healthy:\n{Output}");
            try
            {
                using var response = await http.GetAsync(new Uri("/healthz", UriKind.Relative));
                if (response.IsSuccessStatusCode) return;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
            }
            await Task.Delay(100);
        }
        throw new TimeoutException($"The bot was not healthy within the timeout:\n{Output}");
    }

    /// <summary>Waits for the process to end on its own (a refused start) and returns its exit code.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan? timeout = null)
    {
        using var limit = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(60));
        await _process.WaitForExitAsync(limit.Token);
        return _process.ExitCode;
    }

    /// <summary>SIGKILL: the process gets no chance to drain or save anything, like a crashed instance.</summary>
    public async Task KillAsync()
    {
        if (_process.HasExited) return;
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
    }

    /// <summary>SIGTERM, as App Service sends on a restart or scale-in; waits for the graceful shutdown.</summary>
    public async Task StopAsync(TimeSpan? grace = null)
    {
        if (_process.HasExited) return;
        using (var term = Process.Start("kill", ["-TERM", _process.Id.ToString(CultureInfo.InvariantCulture)])) await term.WaitForExitAsync();
        using var limit = new CancellationTokenSource(grace ?? TimeSpan.FromSeconds(30));
        try
        {
            await _process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            await KillAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _process.Dispose();
        if (_certificateFolder is not null) Directory.Delete(_certificateFolder, recursive: true);
    }

    private void Append(string? line)
    {
        if (line is null) return;
        lock (_outputGate) _output.AppendLine(line);
    }

    /// <summary>The bot's build output for the configuration these tests were built in (Debug or Release).</summary>
    private static string BotOutputFolder()
    {
        var testFolder = new DirectoryInfo(AppContext.BaseDirectory);
        var configuration = testFolder.Parent?.Name ?? "Debug"; // …/Bot.Tests/bin/<configuration>/net10.0/
        var folder = Path.Combine(RepositoryRoot(), "Bot", "bin", configuration, testFolder.Name);
        return File.Exists(Path.Combine(folder, "HubSpotTeamsBot.dll"))
            ? folder
            : throw new FileNotFoundException($"The bot is not built for {configuration}: run dotnet build first.", Path.Combine(folder, "HubSpotTeamsBot.dll"));
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "HubSpotTeamsBot.sln"))) return dir.FullName;
        }
        throw new DirectoryNotFoundException("Could not find HubSpotTeamsBot.sln above " + AppContext.BaseDirectory);
    }

    /// <summary>OpenSSL's own certificate folder, kept beside the test certificates so public roots still verify.</summary>
    private static string SystemCertificateFolder() =>
        System.Environment.GetEnvironmentVariable("SSL_CERT_DIR") is { Length: > 0 } existing ? existing : "/etc/ssl/certs";
}
