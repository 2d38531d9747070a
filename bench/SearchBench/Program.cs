using System.Globalization;
using Bench.Shared;
using Bot.Tests.Harness;
using PipelineBench;
using SearchBench;

// bench/run.sh runs this (or: dotnet bench/SearchBench/bin/Release/net10.0/SearchBench.dll --bot … --sandbox …).
// Azurite, the HubSpot sandbox (search limit enforced, realistic latency) and our bot run as their own processes;
// this process is the Teams simulator and N users typing contact searches. Prints latency percentiles, the share
// answered within Teams' 5 s, HubSpot searches per user query and the 429s HubSpot sent.
var options = Args.Parse(args);
var repoRoot = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(options.BotDll)!, "..", "..", "..", ".."));
await using var simulator = await ChannelSimulator.StartAsync();
simulator.Connector.RecordCalls = false;
var certificatePem = Path.Combine(Path.GetTempPath(), $"searchbench-{Environment.ProcessId}.pem");
await File.WriteAllTextAsync(certificatePem, simulator.Certificate.ExportCertificatePem());
await SimulatorWarmUp.RunAsync(simulator);

using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
var users = Enumerable.Range(0, options.Users).Select(i => TeamsUser.New($"Bench User {i:00}")).ToList();
await using var backend = await CrmBackend.StartAsync(repoRoot, options.SandboxDll,
    ["--seed", options.Seed.ToString(CultureInfo.InvariantCulture), "--latency-ms", options.LatencyMs.ToString(CultureInfo.InvariantCulture), "--enforce-rate-limits"],
    ChannelSimulator.BotTenantId, users.Select(u => (u.AadObjectId, u.Name)));
var botSpec = new TargetSpec("bot", "dotnet", [options.BotDll], BotEnvironment.Linked(simulator, certificatePem, backend), RepliesToConnector: true);
await using var bot = TargetProcess.Start(botSpec);
try
{
    await bot.WaitHealthyAsync(http, TimeSpan.FromSeconds(60));
    await backend.ResetStatsAsync(http);

    var results = new List<QueryResult>();
    var until = DateTime.UtcNow.AddSeconds(options.Seconds);
    var random = new Random(20261129);
    var typing = users.Select((u, i) => new TypingUser(i, u, simulator, http, bot.BaseUri, new Random(random.Next()))).ToList();
    Console.Error.WriteLine($"[searchbench] {options.Users} users typing for {options.Seconds} s (sandbox latency {options.LatencyMs} ms, search limit enforced)");
    await Task.WhenAll(typing.Select(t => t.RunAsync(until, results)));

    var stats = await backend.StatsAsync(http);
    Console.WriteLine(SearchReport.Markdown(options, results, stats.Searches, stats.RateLimited));
    if (bot.HasExited) Console.Error.WriteLine($"[searchbench] the bot exited:\n{bot.Output}");
}
catch
{
    Console.Error.WriteLine($"[searchbench] bot output:\n{bot.Output}\n[searchbench] sandbox output:\n{backend.SandboxOutput}");
    throw;
}
finally
{
    File.Delete(certificatePem);
}
