using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace PipelineBench;

/// <summary>A target running as its own OS process on a free loopback port; its output is kept for diagnostics.</summary>
internal sealed class TargetProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly Queue<string> _lastLines = new();

    public TargetSpec Spec { get; }
    public Uri BaseUri { get; }
    public long StartedAt { get; }
    public int Pid => _process.Id;
    public bool HasExited => _process.HasExited;

    private TargetProcess(TargetSpec spec, Process process, Uri baseUri, long startedAt)
    {
        Spec = spec;
        _process = process;
        BaseUri = baseUri;
        StartedAt = startedAt;
    }

    public static TargetProcess Start(TargetSpec spec)
    {
        var port = FreePort();
        var info = new ProcessStartInfo(spec.FileName)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = spec.WorkingDirectory ?? Environment.CurrentDirectory,
        };
        foreach (var argument in spec.Arguments) info.ArgumentList.Add(argument);
        foreach (var (key, value) in spec.Environment) info.Environment[key] = value.Replace("{port}", port.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);

        var startedAt = Stopwatch.GetTimestamp();
        var process = Process.Start(info) ?? throw new InvalidOperationException($"Could not start {spec.FileName}.");
        var target = new TargetProcess(spec, process, new Uri($"http://127.0.0.1:{port}/"), startedAt);
        process.OutputDataReceived += (_, e) => target.Keep(e.Data);
        process.ErrorDataReceived += (_, e) => target.Keep(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return target;
    }

    /// <summary>Polls /healthz until it answers 200; returns the time since the process was started.</summary>
    public async Task<TimeSpan> WaitHealthyAsync(HttpClient http, TimeSpan timeout)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        var healthz = new Uri(BaseUri, "healthz");
        while (Stopwatch.GetTimestamp() < deadline)
        {
            if (_process.HasExited) throw new InvalidOperationException($"{Spec.Name} exited with {_process.ExitCode}:\n{Output}");
            try
            {
                using var response = await http.GetAsync(healthz);
                if (response.StatusCode == HttpStatusCode.OK) return Stopwatch.GetElapsedTime(StartedAt);
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            await Task.Delay(5);
        }
        throw new TimeoutException($"{Spec.Name} did not become healthy in {timeout}:\n{Output}");
    }

    public string Output
    {
        get
        {
            lock (_lastLines) return string.Join('\n', _lastLines);
        }
    }

    private void Keep(string? line)
    {
        if (line is null) return;
        lock (_lastLines)
        {
            _lastLines.Enqueue(line);
            while (_lastLines.Count > 40) _lastLines.Dequeue();
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>SIGTERM first (so a profiler or the host can finish), SIGKILL if it is still there after 5 s.</summary>
    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _ = NativeMethods.Kill(_process.Id, NativeMethods.SigTerm);
            using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            try
            {
                await _process.WaitForExitAsync(grace.Token);
            }
            catch (OperationCanceledException)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }
        }
        _process.Dispose();
    }
}
