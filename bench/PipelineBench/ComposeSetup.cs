using Bench.Shared;
using Bot.Tests.Harness;

namespace PipelineBench;

/// <summary>
/// The compose-query target and what it stands on: Azurite and the HubSpot sandbox (<see cref="CrmBackend"/>, the
/// same set-up as SearchBench), the tenant linked, one Viewer per worker of the highest level plus the user who warms
/// the cache, then our bot started against them.
/// </summary>
internal sealed class ComposeSetup : IAsyncDisposable
{
    // The sandbox as SearchBench runs it: HubSpot's latency and its 5 searches/s per portal. From a warm cache
    // neither should show in the measured window; both slow only the warming.
    private static readonly string[] SandboxArguments = ["--seed", "2000", "--latency-ms", "150", "--enforce-rate-limits"];

    private readonly CrmBackend _backend;
    private readonly IReadOnlyList<TeamsUser> _users;
    private readonly TeamsUser _warmer;
    private readonly ComposeQuerySet _queries;
    private readonly HttpClient _http = TurnDriver.CreateClient();

    private ComposeSetup(CrmBackend backend, TargetProcess target, IReadOnlyList<TeamsUser> users, TeamsUser warmer, ComposeQuerySet queries)
    {
        _backend = backend;
        Target = target;
        _users = users;
        _warmer = warmer;
        _queries = queries;
    }

    public TargetProcess Target { get; }

    public static async Task<ComposeSetup> StartAsync(BenchSettings settings, ChannelSimulator simulator, string certificatePem, TurnDriver driver, Report report)
    {
        var sandboxDll = settings.SandboxDll ?? throw new ArgumentException($"--sandbox <HubSpotSandbox.dll> is required for the {Targets.OursCompose} target.");
        // Bot/bin/Release/net10.0/HubSpotTeamsBot.dll → the repository, whose node_modules holds Azurite.
        var repoRoot = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(settings.BotDll)!, "..", "..", "..", ".."));
        var users = Enumerable.Range(0, settings.Levels.Max()).Select(i => TeamsUser.New($"Compose User {i:00}")).ToList();
        var warmer = TeamsUser.New("Cache Warmer");
        var backend = await CrmBackend.StartAsync(repoRoot, sandboxDll, SandboxArguments, ChannelSimulator.BotTenantId,
            users.Append(warmer).Select(u => (u.AadObjectId, u.Name)));
        TargetProcess? target = null;
        try
        {
            var spec = Targets.ComposeTarget(settings, simulator, certificatePem, backend, out var note);
            if (note is not null) report.Note(note);
            target = TargetProcess.Start(spec);
            using var http = TurnDriver.CreateClient();
            var healthy = await target.WaitHealthyAsync(http, TimeSpan.FromSeconds(60));
            report.Note($"{Targets.OursCompose}: our bot with Azurite and the HubSpot sandbox ({string.Join(' ', SandboxArguments)}), tenant linked; healthy {healthy.TotalMilliseconds:F0} ms after start (not a cold-start figure: the backends were already up)");
            return new ComposeSetup(backend, target, users, warmer, new ComposeQuerySet(driver, settings.KeywordsPerLevel));
        }
        catch
        {
            if (target is not null)
            {
                Console.Error.WriteLine($"[bench] {Targets.OursCompose} output:\n{target.Output}\n[bench] sandbox output:\n{backend.SandboxOutput}");
                await target.DisposeAsync();
            }
            await backend.DisposeAsync();
            throw;
        }
    }

    /// <summary>Puts the next level's keywords in the bot's cache (just before the level) and hands the workers their part.</summary>
    public async Task<ComposeWorkload> WarmAsync()
    {
        var warm = await _queries.WarmAsync(_http, Target, _warmer);
        Console.Error.WriteLine($"[bench] {Targets.OursCompose}: cache warmed with {warm.Keywords.Count} keywords ({string.Join(", ", warm.Keywords)}) in {warm.WarmingTime.TotalSeconds:F1} s");
        return new ComposeWorkload(_users, warm, () => _backend.StatsAsync(_http), _backend.AzuritePid);
    }

    public async ValueTask DisposeAsync()
    {
        await Target.DisposeAsync();
        await _backend.DisposeAsync();
        _http.Dispose();
    }
}
