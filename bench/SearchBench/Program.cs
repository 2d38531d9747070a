using System.Globalization;
using System.Text.Json;
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

await using var azurite = await AzuriteProcess.StartAsync(repoRoot);
using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
var sandboxSpec = new TargetSpec("sandbox", "dotnet",
    [options.SandboxDll, "--seed", options.Seed.ToString(CultureInfo.InvariantCulture), "--latency-ms", options.LatencyMs.ToString(CultureInfo.InvariantCulture), "--enforce-rate-limits"],
    new Dictionary<string, string> { ["ASPNETCORE_URLS"] = "http://127.0.0.1:{port}", ["Logging__LogLevel__Default"] = "Warning" }, RepliesToConnector: false);
await using var sandbox = TargetProcess.Start(sandboxSpec);
await sandbox.WaitHealthyAsync(http, TimeSpan.FromSeconds(60));

var users = Enumerable.Range(0, options.Users).Select(i => TeamsUser.New($"Bench User {i:00}")).ToList();
var portal = await PortalSetup.LinkAsync(sandbox.BaseUri, azurite.ConnectionString, ChannelSimulator.BotTenantId, 20260301, users.Select(u => (u.AadObjectId, u.Name)));

var botSpec = new TargetSpec("bot", "dotnet", [options.BotDll], new Dictionary<string, string>
{
    ["Bot__AppId"] = ChannelSimulator.AppId,
    ["Bot__TenantId"] = ChannelSimulator.BotTenantId,
    ["Bot__AppPassword"] = ChannelSimulator.AppPassword,
    ["Bot__OpenIdMetadataUrl"] = simulator.OpenIdMetadataUrl,
    ["Bot__TokenAuthority"] = simulator.TokenAuthority,
    ["Bot__PublicBaseUrl"] = "http://127.0.0.1:{port}/",
    ["Storage__ConnectionString"] = azurite.ConnectionString,
    ["HubSpot__ApiBaseUrl"] = sandbox.BaseUri.ToString(),
    ["HubSpot__AuthorizeUrl"] = new Uri(sandbox.BaseUri, "oauth/authorize").ToString(),
    ["HubSpot__ClientId"] = "sandbox-client-id",
    ["HubSpot__ClientSecret"] = "sandbox-client-secret",
    ["HubSpot__RedirectUri"] = "http://127.0.0.1:{port}/auth/hubspot/callback",
    ["Roles__BootstrapAdmins__0"] = Guid.NewGuid().ToString(),
    ["ASPNETCORE_URLS"] = "http://127.0.0.1:{port}",
    ["ASPNETCORE_ENVIRONMENT"] = "Production",
    ["Logging__LogLevel__Default"] = "Warning",
    ["SSL_CERT_FILE"] = certificatePem,
}, RepliesToConnector: true);
await using var bot = TargetProcess.Start(botSpec);
try
{
    await bot.WaitHealthyAsync(http, TimeSpan.FromSeconds(60));
    await http.PostAsync(new Uri(sandbox.BaseUri, $"_sandbox/portals/{portal}/stats/reset"), null);

    var results = new List<QueryResult>();
    var until = DateTime.UtcNow.AddSeconds(options.Seconds);
    var random = new Random(20261129);
    var typing = users.Select((u, i) => new TypingUser(i, u, simulator, http, bot.BaseUri, new Random(random.Next()))).ToList();
    Console.Error.WriteLine($"[searchbench] {options.Users} users typing for {options.Seconds} s (sandbox latency {options.LatencyMs} ms, search limit enforced)");
    await Task.WhenAll(typing.Select(t => t.RunAsync(until, results)));

    using var stats = JsonDocument.Parse(await http.GetStringAsync(new Uri(sandbox.BaseUri, $"_sandbox/portals/{portal}/stats")));
    var searches = stats.RootElement.GetProperty("requests").TryGetProperty("crm.search", out var s) ? s.GetInt64() : 0;
    var rateLimited = stats.RootElement.GetProperty("statuses").TryGetProperty("429", out var r) ? r.GetInt64() : 0;
    Console.WriteLine(SearchReport.Markdown(options, results, searches, rateLimited));
    if (bot.HasExited) Console.Error.WriteLine($"[searchbench] the bot exited:\n{bot.Output}");
}
catch
{
    Console.Error.WriteLine($"[searchbench] bot output:\n{bot.Output}\n[searchbench] sandbox output:\n{sandbox.Output}");
    throw;
}
finally
{
    File.Delete(certificatePem);
}
