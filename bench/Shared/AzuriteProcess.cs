using System.Diagnostics;
using System.Net.Sockets;
using Bot.Tests.Harness;

namespace Bench.Shared;

/// <summary>
/// Azurite (npm azurite, in memory) on free loopback ports for the bot's storage: tables, plus the queues and blobs of
/// the durable activity queue. --skipApiVersionCheck because Azurite 3.37 refuses the service version the current
/// Azure.Storage.Queues/Blobs clients send.
/// </summary>
internal sealed class AzuriteProcess : IAsyncDisposable
{
    private readonly Process _process;

    private AzuriteProcess(Process process, int port, int queuePort, int blobPort)
    {
        _process = process;
        Port = port;
        QueuePort = queuePort;
        BlobPort = blobPort;
    }

    public int Port { get; }

    public int QueuePort { get; }

    public int BlobPort { get; }

    /// <summary>The node process serving the tables, for its CPU time.</summary>
    public int Pid => _process.Id;

    public string ConnectionString =>
        "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;"
        + $"TableEndpoint=http://127.0.0.1:{Port}/devstoreaccount1;QueueEndpoint=http://127.0.0.1:{QueuePort}/devstoreaccount1;"
        + $"BlobEndpoint=http://127.0.0.1:{BlobPort}/devstoreaccount1;";

    public static async Task<AzuriteProcess> StartAsync(string repoRoot)
    {
        var port = LoopbackPort.Free();
        var queuePort = LoopbackPort.Free();
        var blobPort = LoopbackPort.Free();
        var start = new ProcessStartInfo(Path.Combine(repoRoot, "node_modules", ".bin", "azurite"))
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetTempPath(),
        };
        var culture = System.Globalization.CultureInfo.InvariantCulture;
        foreach (var a in new[]
        {
            "--tableHost", "127.0.0.1", "--tablePort", port.ToString(culture), "--queueHost", "127.0.0.1", "--queuePort", queuePort.ToString(culture),
            "--blobHost", "127.0.0.1", "--blobPort", blobPort.ToString(culture), "--inMemoryPersistence", "--disableTelemetry", "--silent", "--skipApiVersionCheck",
        })
        {
            start.ArgumentList.Add(a);
        }
        // BENCH_AZURITE_DEBUG=<file>: Azurite logs every request there, to count the storage requests per turn.
        if (Environment.GetEnvironmentVariable("BENCH_AZURITE_DEBUG") is { Length: > 0 } debugLog)
        {
            start.ArgumentList.Add("--debug");
            start.ArgumentList.Add(debugLog);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("Azurite did not start.");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                foreach (var listening in new[] { port, queuePort, blobPort })
                {
                    using var client = new TcpClient();
                    await client.ConnectAsync("127.0.0.1", listening);
                }
                return new AzuriteProcess(process, port, queuePort, blobPort);
            }
            catch (SocketException)
            {
                await Task.Delay(50);
            }
        }
        process.Kill(entireProcessTree: true);
        throw new TimeoutException("Azurite did not start listening within 30 s.");
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited && Environment.GetEnvironmentVariable("BENCH_AZURITE_DEBUG") is { Length: > 0 })
        {
            // Let Azurite stop on its own so its debug log is written out in full.
            using (var interrupt = Process.Start("kill", ["-INT", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])) await interrupt.WaitForExitAsync();
            using var stopped = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            try
            {
                await _process.WaitForExitAsync(stopped.Token);
            }
            catch (OperationCanceledException)
            {
                // Killed below.
            }
        }
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }
}
