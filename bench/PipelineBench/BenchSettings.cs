using System.Globalization;

namespace PipelineBench;

/// <summary>What bench/run.sh asks for: where the targets are and how long to drive each level.</summary>
internal sealed record BenchSettings
{
    public required string BotDll { get; init; }
    public required string CeilingDll { get; init; }
    public required string PeerDir { get; init; }

    /// <summary>HubSpotSandbox.dll: the HubSpot the compose-query target searches (needed only for that target).</summary>
    public string? SandboxDll { get; init; }

    /// <summary>Distinct compose keywords per level, all answered from the warm cache during the level.</summary>
    public int KeywordsPerLevel { get; init; } = 12;
    public IReadOnlyList<int> Levels { get; init; } = [1, 10, 50];
    /// <summary>Workers of the "one busy conversation" level (all in one channel conversation); 0 skips it.</summary>
    public int BusyWorkers { get; init; } = 50;

    /// <summary>How long the targets sit idle after their cold starts before their idle RSS is read.</summary>
    public TimeSpan IdleSettle { get; init; } = TimeSpan.FromSeconds(5);

    public TimeSpan WarmUp { get; init; } = TimeSpan.FromSeconds(3);
    public TimeSpan Measure { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Each worker signs a new channel token after this many requests: fresh enough, cheap enough.</summary>
    public int RequestsPerToken { get; init; } = 100;

    public TimeSpan ReplyTimeout { get; init; } = TimeSpan.FromSeconds(15);
    public string? OutputFile { get; init; }

    /// <summary>Which targets to run (default all): <c>--targets ours,peer</c> when looking into one of them.</summary>
    public IReadOnlyList<string>? OnlyTargets { get; init; }

    public bool Runs(string target) => OnlyTargets is null || OnlyTargets.Contains(target);

    public static BenchSettings Parse(string[] args)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal)) throw new ArgumentException($"Expected an option, got '{args[i]}'.");
            values[args[i][2..]] = args[i + 1];
        }
        string Required(string key) => values.TryGetValue(key, out var v) ? v : throw new ArgumentException($"--{key} is required.");
        var settings = new BenchSettings
        {
            BotDll = Path.GetFullPath(Required("bot")),
            CeilingDll = Path.GetFullPath(Required("ceiling")),
            PeerDir = Path.GetFullPath(Required("peer")),
            OutputFile = values.GetValueOrDefault("out"),
            SandboxDll = values.TryGetValue("sandbox", out var sandbox) ? Path.GetFullPath(sandbox) : null,
        };
        if (values.TryGetValue("levels", out var levels))
            settings = settings with { Levels = [.. levels.Split(',').Select(l => int.Parse(l, CultureInfo.InvariantCulture))] };
        if (values.TryGetValue("targets", out var targets))
            settings = settings with { OnlyTargets = targets.Split(',') };
        if (values.TryGetValue("seconds", out var seconds))
            settings = settings with { Measure = TimeSpan.FromSeconds(double.Parse(seconds, CultureInfo.InvariantCulture)) };
        if (values.TryGetValue("busy", out var busy))
            settings = settings with { BusyWorkers = int.Parse(busy, CultureInfo.InvariantCulture) };
        if (values.TryGetValue("warmup", out var warmUp))
            settings = settings with { WarmUp = TimeSpan.FromSeconds(double.Parse(warmUp, CultureInfo.InvariantCulture)) };
        return settings;
    }
}
