using Bench.Shared;
using Bot.Tests.Harness;
using PipelineBench;

// bench/run.sh runs this: the simulator (token issuer + JWKS + connector) and the load generator live here; each
// target runs as its own process against them. Cold starts are taken one target at a time; then every concurrency
// level is run for each target in turn (ours, ceiling, peer, ours-compose, next level...), so a neighbour's load on
// a shared box falls on all of them alike rather than on whichever target happened to run during it. Only one target
// is ever under load; the others sit idle.
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

var targets = new List<TargetProcess>();
CrmBackend? backend = null;
ComposeSetup? compose = null;
try
{
    // Our bot keeps its tables in Azurite (its /healthz checks storage) and compose queries search the sandbox.
    var users = ComposeSetup.CreateUsers(settings);
    if (settings.Runs(Targets.Ours) || settings.Runs(Targets.OursCompose) || settings.Runs(Targets.OursDurable))
    {
        Console.Error.WriteLine("[bench] Azurite, HubSpot sandbox, linked portal");
        backend = await ComposeSetup.StartBackendAsync(settings, users);
        report.Note($"our bot's backend: Azurite (in memory) and the HubSpot sandbox ({string.Join(' ', ComposeSetup.SandboxArguments)}), tenant linked, {users.Count} users granted Viewer");
    }

    foreach (var spec in Targets.All(settings, simulator, certificatePem, backend))
    {
        if (!settings.Runs(spec.Name)) continue;
        var waited = await ProcStats.WaitForQuietBoxAsync(TimeSpan.FromSeconds(20));
        Console.Error.WriteLine($"[bench] {spec.Name}: cold start (after {waited.TotalSeconds:0.0} s waiting for a quiet box)");
        var tokensBefore = simulator.TokenRequests;
        var target = TargetProcess.Start(spec);
        targets.Add(target);
        var coldStart = await ColdStart.MeasureAsync(target, driver);
        report.Add(coldStart with { BotTokensFetched = simulator.TokenRequests - tokensBefore });
        if (target.Output.Length > 0) Console.Error.WriteLine($"[bench] {spec.Name} said during its cold start:\n{target.Output}");
    }

    if (settings.Runs(Targets.OursCompose))
    {
        Console.Error.WriteLine($"[bench] {Targets.OursCompose}: start");
        compose = await ComposeSetup.StartAsync(settings, simulator, certificatePem, driver, report, backend!, users);
    }
    var tokensAfterColdStarts = simulator.TokenRequests;

    // Idle memory: every started target after a few seconds with no traffic (its first turn long done).
    await Task.Delay(settings.IdleSettle);
    foreach (var target in targets) report.AddIdleRss(target.Spec.Name, ProcStats.RssMiB(target.Pid));

    IReadOnlyList<TargetProcess> levelTargets = compose is null ? targets : [.. targets, compose.Target];
    foreach (var concurrency in settings.Levels)
    {
        foreach (var target in levelTargets)
        {
            var workload = target.Spec.Turn == TurnKind.ComposeQuery ? await compose!.WarmAsync() : null;
            Console.Error.WriteLine($"[bench] {target.Spec.Name}: concurrency {concurrency}");
            var level = await generator.RunAsync(target, concurrency, target.Spec.UsesStorage ? backend!.AzuritePid : null, workload);
            report.Add(level);
            if (target.HasExited) throw new InvalidOperationException($"{target.Spec.Name} exited during the run:\n{target.Output}");
            if (level.Errors > 0) Console.Error.WriteLine($"[bench] {target.Spec.Name} had errors; its last output:\n{target.Output}");
        }
    }
    // One busy conversation: every worker posts into the same channel conversation. The durable queue keeps a
    // conversation on one partition (to keep its turns in order), so there all of the traffic shares one queue; the
    // in-memory queue and the peer do not order turns. Every turn writes the same conversation reference row.
    if (settings.BusyWorkers > 0)
    {
        foreach (var target in targets.Where(t => t.Spec.RepliesToConnector && t.Spec.Turn == TurnKind.HelpMessage))
        {
            Console.Error.WriteLine($"[bench] {target.Spec.Name}: one busy conversation, {settings.BusyWorkers} workers");
            var level = await generator.RunAsync(target, settings.BusyWorkers, target.Spec.UsesStorage ? backend!.AzuritePid : null, busyConversation: true);
            report.Add(level);
            if (level.Errors > 0) Console.Error.WriteLine($"[bench] {target.Spec.Name} had errors in the busy conversation; its last output:\n{target.Output}");
        }
    }
    report.Note($"outbound bot tokens issued after the cold starts (all targets, whole run): {simulator.TokenRequests - tokensAfterColdStarts}");
}
finally
{
    foreach (var target in targets) await target.DisposeAsync();
    if (compose is not null) await compose.DisposeAsync();
    if (backend is not null) await backend.DisposeAsync();
    File.Delete(certificatePem);
}

report.Note($"load average at end: {ProcStats.LoadAverage()}");
report.Note($"channel tokens: a fresh one per worker every {settings.RequestsPerToken} turns; message replies that matched no waiting turn: {replies.Unmatched}");
var markdown = report.ToMarkdown();
Console.WriteLine(markdown);
if (settings.OutputFile is not null) await File.WriteAllTextAsync(settings.OutputFile, markdown);
