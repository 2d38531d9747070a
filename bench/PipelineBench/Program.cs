using Bot.Tests.Harness;
using PipelineBench;

// bench/run.sh runs this: the simulator (token issuer + JWKS + connector) and the load generator live here; each
// target runs as its own process against them, one after the other, so they never compete with each other.
var settings = BenchSettings.Parse(args);
await using var simulator = await ChannelSimulator.StartAsync();
var replies = new ReplyTracker();
simulator.Connector.RecordCalls = false;
simulator.Connector.OnCall = replies.OnCall;

var certificatePem = Path.Combine(Path.GetTempPath(), $"bench-simulator-{Environment.ProcessId}.pem");
await File.WriteAllTextAsync(certificatePem, simulator.Certificate.ExportCertificatePem());
await SimulatorWarmUp.RunAsync(simulator);
var driver = new TurnDriver(simulator, replies, settings.ReplyTimeout);
var generator = new LoadGenerator(driver, settings);
var report = new Report();
report.Note($"load average at start: {ProcStats.LoadAverage()}; {Environment.ProcessorCount} cores");

try
{
    foreach (var spec in Targets.All(settings, simulator, certificatePem))
    {
        if (settings.OnlyTargets is { } only && !only.Contains(spec.Name)) continue;
        Console.Error.WriteLine($"[bench] {spec.Name}: cold start");
        var tokensBefore = simulator.TokenRequests;
        await using var target = TargetProcess.Start(spec);
        var coldStart = await ColdStart.MeasureAsync(target, driver);
        if (target.Output.Length > 0) Console.Error.WriteLine($"[bench] {spec.Name} said during its first turn:\n{target.Output}");
        foreach (var concurrency in settings.Levels)
        {
            Console.Error.WriteLine($"[bench] {spec.Name}: concurrency {concurrency}");
            var level = await generator.RunAsync(target, concurrency);
            report.Add(level);
            if (target.HasExited) throw new InvalidOperationException($"{spec.Name} exited during the run:\n{target.Output}");
            if (level.Errors > 0) Console.Error.WriteLine($"[bench] {spec.Name} errors; its last output:\n{target.Output}");
        }
        report.Add(coldStart with { BotTokensFetched = simulator.TokenRequests - tokensBefore });
    }
}
finally
{
    File.Delete(certificatePem);
}

report.Note($"load average at end: {ProcStats.LoadAverage()}");
report.Note($"channel tokens: a fresh one per worker every {settings.RequestsPerToken} turns; message replies that matched no waiting turn: {replies.Unmatched}");
var markdown = report.ToMarkdown();
Console.WriteLine(markdown);
if (settings.OutputFile is not null) await File.WriteAllTextAsync(settings.OutputFile, markdown);
