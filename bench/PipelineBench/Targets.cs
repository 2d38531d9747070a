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

    /// <summary>The targets whose cold start is measured and which answer <c>help</c> turns.</summary>
    public static IReadOnlyList<TargetSpec> All(BenchSettings settings, ChannelSimulator simulator, string certificatePem) =>
    [
        // No storage and no HubSpot: what a help turn needs is the channel side only.
        new(Ours, "dotnet", [settings.BotDll], BotEnvironment.Channel(simulator, certificatePem), RepliesToConnector: true),
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
    /// Our bot with storage (Azurite) and HubSpot (the sandbox) and its tenant linked: compose queries. Its default
    /// settings, except when a level (warm-up + window + warming) could outlast the 30 s search cache: then the cache
    /// is made to last the level, and <paramref name="note"/> says so.
    /// </summary>
    public static TargetSpec ComposeTarget(BenchSettings settings, ChannelSimulator simulator, string certificatePem, CrmBackend backend, out string? note)
    {
        var environment = BotEnvironment.Linked(simulator, certificatePem, backend);
        note = null;
        var level = settings.WarmUp + settings.Measure;
        if (level > TimeSpan.FromSeconds(20))
        {
            var cache = TimeSpan.FromTicks(Math.Min((level + TimeSpan.FromSeconds(60)).Ticks, TimeSpan.FromMinutes(10).Ticks));
            environment["MessageExtension__SearchCacheDuration"] = cache.ToString("c", CultureInfo.InvariantCulture);
            note = $"{OursCompose}: MessageExtension:SearchCacheDuration raised to {cache.TotalSeconds:F0} s so a {level.TotalSeconds:F0} s level stays inside one cache lifetime";
        }
        return new TargetSpec(OursCompose, "dotnet", [settings.BotDll], environment, RepliesToConnector: false, Turn: TurnKind.ComposeQuery);
    }

    private static string[] NodeFlags() =>
        Environment.GetEnvironmentVariable("BENCH_NODE_FLAGS")?.Split(' ', StringSplitOptions.RemoveEmptyEntries) ?? [];
}
