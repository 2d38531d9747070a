using Bot.Tests.Harness;

namespace PipelineBench;

/// <summary>
/// The three servers of one run, all on loopback and all fed by the same simulator: our bot, the bare-Kestrel
/// ceiling, and the botbuilder JS peer. <c>{port}</c> is replaced with each process's free port.
/// </summary>
internal static class Targets
{
    public const string Ours = "ours";
    public const string Ceiling = "ceiling";
    public const string Peer = "peer";

    public static IReadOnlyList<TargetSpec> All(BenchSettings settings, ChannelSimulator simulator, string certificatePem) =>
    [
        new(Ours, "dotnet", [settings.BotDll], new Dictionary<string, string>
        {
            ["Bot__AppId"] = ChannelSimulator.AppId,
            ["Bot__TenantId"] = ChannelSimulator.BotTenantId,
            ["Bot__AppPassword"] = ChannelSimulator.AppPassword,
            ["Bot__OpenIdMetadataUrl"] = simulator.OpenIdMetadataUrl,
            ["Bot__TokenAuthority"] = simulator.TokenAuthority,
            ["ASPNETCORE_URLS"] = "http://127.0.0.1:{port}",
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["Logging__LogLevel__Default"] = "Warning",
            // .NET on Linux builds its root store from this file: the bot trusts the simulator's certificate and,
            // for this process only, nothing else.
            ["SSL_CERT_FILE"] = certificatePem,
        }, RepliesToConnector: true),
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

    private static string[] NodeFlags() =>
        Environment.GetEnvironmentVariable("BENCH_NODE_FLAGS")?.Split(' ', StringSplitOptions.RemoveEmptyEntries) ?? [];
}
