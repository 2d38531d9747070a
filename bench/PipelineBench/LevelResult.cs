namespace PipelineBench;

/// <summary>One target at one concurrency, over the measured window only.</summary>
internal sealed record LevelResult(
    string Target,
    int Concurrency,
    int Turns,
    int Errors,
    TimeSpan Window,
    double P50Ms,
    double P95Ms,
    double P99Ms,
    double CpuMsPerTurn,
    double PeakRssMiB,
    double GeneratorCpuMsPerTurn,
    string? FirstError)
{
    public double TurnsPerSecond => Turns / Window.TotalSeconds;

    /// <summary>Azurite's CPU in the window ÷ turns, for targets that keep their tables there (our bot).</summary>
    public double? StorageCpuMsPerTurn { get; init; }

    /// <summary>Every worker posted into one shared channel conversation (the "one busy conversation" level).</summary>
    public bool BusyConversation { get; init; }

    /// <summary>Compose-query levels only: the keywords and the HubSpot calls in the window.</summary>
    public ComposeFigures? Compose { get; init; }

    /// <summary>Nearest-rank percentile of an ascending list.</summary>
    public static double Percentile(IReadOnlyList<double> sorted, double p) =>
        sorted.Count == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(p / 100 * sorted.Count) - 1, 0, sorted.Count - 1)];
}

/// <summary>
/// Process start → first healthy /healthz, → HTTP answer to the first activity, → first turn finished (reply delivered); whether a token signed with
/// an unpublished key was refused (null where the target does no auth); how many outbound tokens it fetched in all.
/// </summary>
internal sealed record ColdStartResult(string Target, TimeSpan Healthy, TimeSpan FirstHttpAnswer, TimeSpan FirstTurn, double RssAfterMiB, bool? ForgedTokenRefused)
{
    public int BotTokensFetched { get; init; }

    /// <summary>The target's own CPU time (all threads) from its start until healthy, and until its first turn finished.</summary>
    public TimeSpan CpuToHealthy { get; init; }

    public TimeSpan CpuToFirstTurn { get; init; }
}
