using System.Globalization;

namespace SearchBench;

/// <summary>Command line: --bot, --sandbox (dll paths), --users 50, --seconds 40, --latency-ms 150, --seed 2000.</summary>
internal sealed record Args(string BotDll, string SandboxDll, int Users, int Seconds, int LatencyMs, int Seed)
{
    public static Args Parse(string[] args)
    {
        string? Value(string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();
        int Int(string name, int fallback) => Value(name) is { } v ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;
        return new Args(
            Value("--bot") ?? throw new ArgumentException("--bot <HubSpotTeamsBot.dll> is required"),
            Value("--sandbox") ?? throw new ArgumentException("--sandbox <HubSpotSandbox.dll> is required"),
            Int("--users", 50), Int("--seconds", 40), Int("--latency-ms", 150), Int("--seed", 2000));
    }
}
