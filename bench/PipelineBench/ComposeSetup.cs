using Bench.Shared;
using Bot.Tests.Harness;

namespace PipelineBench;

/// <summary>
/// The compose-query target: our bot in its own process against the run's <see cref="CrmBackend"/> (Azurite and
/// the HubSpot sandbox, the same set-up as SearchBench) with the tenant linked, one Viewer per worker of the highest
/// level plus the user who warms the cache.
/// </summary>
internal sealed class ComposeSetup : IAsyncDisposable
{
    // The sandbox as SearchBench runs it: HubSpot's latency and its 5 searches/s per portal. From a warm cache
    // neither should show in the measured window; both slow only the warming.
    public static readonly string[] SandboxArguments = ["--seed", "2000", "--latency-ms", "150", "--enforce-rate-limits"];

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

    /// <summary>The people the backend must grant Viewer before any bot starts: one per worker, then the warmer.</summary>
    public static IReadOnlyList<TeamsUser> CreateUsers(BenchSettings settings) =>
        [.. Enumerable.Range(0, settings.Levels.Max()).Select(i => TeamsUser.New($"Compose User {i:00}")), TeamsUser.New("Cache Warmer")];

    /// <summary>Azurite and the sandbox for the run, tenant linked, <paramref name="users"/> granted Viewer.</summary>
    public static Task<CrmBackend> StartBackendAsync(BenchSettings settings, IReadOnlyList<TeamsUser> users)
    {
        var sandboxDll = settings.SandboxDll ?? throw new ArgumentException("--sandbox <HubSpotSandbox.dll> is required for our bot's targets (its storage and HubSpot).");
        // Bot/bin/Release/net10.0/HubSpotTeamsBot.dll → the repository, whose node_modules holds Azurite.
        var repoRoot = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(settings.BotDll)!, "..", "..", "..", ".."));
        return CrmBackend.StartAsync(repoRoot, sandboxDll, SandboxArguments, ChannelSimulator.BotTenantId, users.Select(u => (u.AadObjectId, u.Name)));
    }

    /// <param name="users">From <see cref="CreateUsers"/>, granted by <paramref name="backend"/>.</param>
    public static async Task<ComposeSetup> StartAsync(
        BenchSettings settings, ChannelSimulator simulator, string certificatePem, TurnDriver driver, Report report, CrmBackend backend, IReadOnlyList<TeamsUser> users)
    {
        var spec = Targets.ComposeTarget(settings, simulator, certificatePem, backend, out var note);
        if (note is not null) report.Note(note);
        var target = TargetProcess.Start(spec);
        try
        {
            using var http = TurnDriver.CreateClient();
            var healthy = await target.WaitHealthyAsync(http, TimeSpan.FromSeconds(60));
            report.Note($"{Targets.OursCompose}: healthy {healthy.TotalMilliseconds:F0} ms after start (not in the cold-start table: it starts like {Targets.Ours})");
            return new ComposeSetup(backend, target, users.SkipLast(1).ToList(), users[^1], new ComposeQuerySet(driver, settings.KeywordsPerLevel));
        }
        catch
        {
            Console.Error.WriteLine($"[bench] {Targets.OursCompose} output:\n{target.Output}\n[bench] sandbox output:\n{backend.SandboxOutput}");
            await target.DisposeAsync();
            throw;
        }
    }

    /// <summary>Puts the next level's keywords in the bot's cache (just before the level) and hands the workers their part.</summary>
    public async Task<ComposeWorkload> WarmAsync()
    {
        var warm = await _queries.WarmAsync(_http, Target, _warmer);
        Console.Error.WriteLine($"[bench] {Targets.OursCompose}: cache warmed with {warm.Keywords.Count} keywords ({string.Join(", ", warm.Keywords)}) in {warm.WarmingTime.TotalSeconds:F1} s");
        return new ComposeWorkload(_users, warm, () => _backend.StatsAsync(_http));
    }

    /// <summary>Stops the bot; the backend belongs to the run.</summary>
    public async ValueTask DisposeAsync()
    {
        await Target.DisposeAsync();
        _http.Dispose();
    }
}
