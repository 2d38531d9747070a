using Bot.Tests.Harness;

namespace Bench.Shared;

/// <summary>
/// How the benchmarks configure our bot: environment variables only, as a deployment would. <c>{port}</c> is
/// replaced with the process's free port when it starts.
/// </summary>
internal static class BotEnvironment
{
    /// <summary>The Bot Framework side: the simulator's issuer, JWKS and token endpoint; Production, warnings only.</summary>
    public static Dictionary<string, string> Channel(ChannelSimulator simulator, string certificatePem) => new()
    {
        ["Bot__AppId"] = ChannelSimulator.AppId,
        ["Bot__TenantId"] = ChannelSimulator.BotTenantId,
        ["Bot__AppPassword"] = ChannelSimulator.AppPassword,
        ["Bot__OpenIdMetadataUrl"] = simulator.OpenIdMetadataUrl,
        ["Bot__TokenAuthority"] = simulator.TokenAuthority,
        ["ASPNETCORE_URLS"] = "http://127.0.0.1:{port}",
        // Testing, as the scale-out harness: Production refuses to start with the sandbox's plain-http HubSpot and the
        // simulator's endpoints (on purpose); the request pipeline is the same.
        ["ASPNETCORE_ENVIRONMENT"] = "Testing",
        ["Logging__LogLevel__Default"] = "Warning",
        // As infra/modules/webApp.bicep writes it: an 8 MiB first-generation GC budget.
        ["DOTNET_GCgen0size"] = "0x800000",
        // A benchmark worker is one person sending thousands of turns a second: the per-person and per-tenant turn
        // limits (120 turns/min a person) would drop nearly all of them. The benchmark measures the pipeline.
        ["TurnLimits__UserTurnBurst"] = "1000000",
        ["TurnLimits__UserTurnsPerMinute"] = "6000000",
        ["TurnLimits__UserInvokeBurst"] = "1000000",
        ["TurnLimits__UserInvokesPerMinute"] = "6000000",
        ["TurnLimits__TenantBurst"] = "10000000",
        ["TurnLimits__TenantTurnsPerMinute"] = "60000000",
        // The in-memory activity queue: the baseline figures; the durable queue is its own target (ours-durable).
        ["ActivityQueue__Kind"] = "Memory",
        // Production wraps the Data Protection key ring with a key-encryption key; a fresh one per run.
        ["DataProtection__KeyEncryptionKeys__1"] = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)),
        // .NET on Linux builds its root store from this file: the bot trusts the simulator's certificate and,
        // for this process only, nothing else.
        ["SSL_CERT_FILE"] = certificatePem,
    };

    /// <summary><see cref="Channel"/> plus storage and HubSpot: a bot whose tenant has a linked portal.</summary>
    public static Dictionary<string, string> Linked(ChannelSimulator simulator, string certificatePem, CrmBackend backend)
    {
        var environment = Channel(simulator, certificatePem);
        foreach (var (key, value) in backend.BotSettings) environment[key] = value;
        return environment;
    }
}
