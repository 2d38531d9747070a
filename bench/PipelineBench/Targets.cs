using System.Globalization;
using Bench.Shared;
using Bot.Tests.Harness;

namespace PipelineBench;

/// <summary>
/// The servers of one run, all on loopback and all fed by the same simulator: our bot, the bare-Kestrel ceiling,
/// the botbuilder JS peer, and our bot again with a linked HubSpot portal for compose queries.
/// <c>{port}</c> is replaced with each process's free port.
/// </summary>
internal static class Targets
{
    public const string Ours = "ours";
    public const string Ceiling = "ceiling";
    public const string Peer = "peer";
    public const string OursCompose = "ours-compose";
    public const string OursDurable = "ours-durable";

    /// <summary>
    /// The targets whose cold start is measured and which answer <c>help</c> turns. Our bot needs its tables (its
    /// /healthz checks storage, and every activity refreshes the conversation reference), so it gets the backend too.
    /// </summary>
    public static IReadOnlyList<TargetSpec> All(BenchSettings settings, ChannelSimulator simulator, string certificatePem, CrmBackend? backend) =>
    [
        new(Ours, "dotnet", [settings.BotDll], Tuned(backend is null ? BotEnvironment.Channel(simulator, certificatePem) : BotEnvironment.Linked(simulator, certificatePem, backend)),
            RepliesToConnector: true, UsesStorage: backend is not null),
        // The same bot on the durable queue (ActivityQueue:Kind = Storage, as deployed): every turn is stored in an
        // Azurite queue before the 202 and run from there.
        .. backend is null ? Array.Empty<TargetSpec>() : [new TargetSpec(OursDurable, "dotnet", [settings.BotDll], Durable(simulator, certificatePem, backend),
            RepliesToConnector: true, UsesStorage: true)],
        new(Ceiling, "dotnet", [settings.CeilingDll], new Dictionary<string, string>
        {
            ["ASPNETCORE_URLS"] = "http://127.0.0.1:{port}",
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["Logging__LogLevel__Default"] = "Warning",
        }, RepliesToConnector: false),
        // BENCH_NODE_FLAGS (e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof") is for looking into the peer; node refuses
        // profiler flags in NODE_OPTIONS.
        new(Peer, "node", [.. NodeFlags(), "bot.js"], new Dictionary<string, string>
        {
            ["PORT"] = "{port}",
            ["NODE_ENV"] = "production",
            ["BOT_APP_ID"] = ChannelSimulator.AppId,
            ["BOT_TENANT_ID"] = ChannelSimulator.BotTenantId,
            ["BOT_APP_PASSWORD"] = ChannelSimulator.AppPassword,
            ["OPENID_METADATA_URL"] = simulator.OpenIdMetadataUrl,
            ["TOKEN_AUTHORITY"] = simulator.TokenAuthority,
            ["NODE_EXTRA_CA_CERTS"] = certificatePem,
        }, RepliesToConnector: true, WorkingDirectory: settings.PeerDir),
    ];

    /// <summary>
    /// Our bot, configured as <see cref="Ours"/>, in its own process for compose queries (so neither workload's
    /// caches or memory figures colour the other's). Its default
    /// settings, except when a level (warm-up + window + warming) could outlast the 30 s search cache: then the cache
    /// is made to last the level, and <paramref name="note"/> says so.
    /// </summary>
    public static TargetSpec ComposeTarget(BenchSettings settings, ChannelSimulator simulator, string certificatePem, CrmBackend backend, out string? note)
    {
        var environment = Tuned(BotEnvironment.Linked(simulator, certificatePem, backend));
        note = null;
        var level = settings.WarmUp + settings.Measure;
        if (level > TimeSpan.FromSeconds(20))
        {
            var cache = TimeSpan.FromTicks(Math.Min((level + TimeSpan.FromSeconds(60)).Ticks, TimeSpan.FromMinutes(10).Ticks));
            environment["MessageExtension__SearchCacheDuration"] = cache.ToString("c", CultureInfo.InvariantCulture);
            note = $"{OursCompose}: MessageExtension:SearchCacheDuration raised to {cache.TotalSeconds:F0} s so a {level.TotalSeconds:F0} s level stays inside one cache lifetime";
        }
        return new TargetSpec(OursCompose, "dotnet", [settings.BotDll], environment, RepliesToConnector: false, Turn: TurnKind.ComposeQuery, UsesStorage: true);
    }

    /// <summary>
    /// BENCH_BOT_ENV="DOTNET_gcServer=0;DOTNET_TieredPGO=0": extra environment for our bot's processes only (not the
    /// generator's), to try runtime settings before writing them into Bot.csproj.
    /// </summary>
    private static Dictionary<string, string> Tuned(Dictionary<string, string> environment)
    {
        foreach (var pair in (Environment.GetEnvironmentVariable("BENCH_BOT_ENV") ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries))
        {
            var split = pair.IndexOf('=', StringComparison.Ordinal);
            if (split <= 0) throw new ArgumentException($"BENCH_BOT_ENV: '{pair}' is not NAME=value.");
            environment[pair[..split]] = pair[(split + 1)..];
        }
        return environment;
    }

    private static Dictionary<string, string> Durable(ChannelSimulator simulator, string certificatePem, CrmBackend backend)
    {
        var environment = Tuned(BotEnvironment.Linked(simulator, certificatePem, backend));
        environment["ActivityQueue__Kind"] = "Storage";
        // BENCH_DURABLE_PARTITIONS=n: the durable target's ActivityQueue:Partitions (default 8), to see how the
        // partition count changes how many activities share a queue message.
        if (Environment.GetEnvironmentVariable("BENCH_DURABLE_PARTITIONS") is { Length: > 0 } partitions) environment["ActivityQueue__Partitions"] = partitions;
        return environment;
    }

    private static string[] NodeFlags() =>
        Environment.GetEnvironmentVariable("BENCH_NODE_FLAGS")?.Split(' ', StringSplitOptions.RemoveEmptyEntries) ?? [];
}
