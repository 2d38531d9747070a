using System.Globalization;
using System.Text;

namespace PipelineBench;

/// <summary>
/// The run's tables as Markdown: every level, the cold starts, ours against the peer and the ceiling, and the
/// compose-invoke levels with what reached HubSpot and storage meanwhile.
/// </summary>
internal sealed class Report
{
    private readonly List<LevelResult> _levels = [];
    private readonly List<ColdStartResult> _coldStarts = [];
    private readonly List<string> _notes = [];
    private readonly Dictionary<string, double> _idleRss = new(StringComparer.Ordinal);

    public void Add(LevelResult level) => _levels.Add(level);
    public void Add(ColdStartResult coldStart) => _coldStarts.Add(coldStart);
    public void Note(string note) => _notes.Add(note);

    /// <summary>A target's resident memory after its cold start and a few idle seconds.</summary>
    public void AddIdleRss(string target, double mib) => _idleRss[target] = mib;

    private IEnumerable<LevelResult> Levels => _levels.Where(l => !l.BusyConversation);

    public string ToMarkdown()
    {
        var md = new StringBuilder();
        md.AppendLine("| target | conc | turns/s | p50 ms | p95 ms | p99 ms | CPU ms/turn | peak RSS MiB | errors | generator CPU ms/turn | Azurite CPU ms/turn |");
        md.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var l in _levels)
        {
            Row(md, $"| {l.Target}{(l.BusyConversation ? " (one busy conversation)" : "")} | {l.Concurrency} | {l.TurnsPerSecond:F0} | {l.P50Ms:F2} | {l.P95Ms:F2} | {l.P99Ms:F2} | {l.CpuMsPerTurn:F3} | {l.PeakRssMiB:F0} | {l.Errors}{(l.FirstError is null ? "" : $" ({l.FirstError})")} | {l.GeneratorCpuMsPerTurn:F3} | {(l.StorageCpuMsPerTurn is { } storage ? storage.ToString("F3", CultureInfo.InvariantCulture) : "n/a")} |");
        }
        md.AppendLine();
        md.AppendLine("| target | start → /healthz 200 ms | start → first HTTP answer ms | start → first turn finished ms | CPU ms to healthy | CPU ms to first turn | RSS after first turn MiB | idle RSS MiB | forged token refused | bot tokens fetched in cold start |");
        md.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---|---:|");
        foreach (var c in _coldStarts)
        {
            Row(md, $"| {c.Target} | {c.Healthy.TotalMilliseconds:F0} | {c.FirstHttpAnswer.TotalMilliseconds:F0} | {c.FirstTurn.TotalMilliseconds:F0} | {c.CpuToHealthy.TotalMilliseconds:F0} | {c.CpuToFirstTurn.TotalMilliseconds:F0} | {c.RssAfterMiB:F0} | {IdleRss(c.Target)} | {(c.ForgedTokenRefused is { } refused ? (refused ? "yes" : "NO") : "n/a")} | {c.BotTokensFetched} |");
        }
        md.AppendLine();
        // "ours" is the in-memory activity queue, "ours-durable" the Azure Storage queue (Azurite) as deployed.
        md.AppendLine("| target | conc | ours/peer turns/s | ours/peer p99 | ours/peer CPU per turn | ours/peer peak RSS | ours/ceiling turns/s |");
        md.AppendLine("|---|---:|---:|---:|---:|---:|---:|");
        foreach (var ours in _levels.Where(l => l.Target is Targets.Ours or Targets.OursDurable))
        {
            var peer = _levels.FirstOrDefault(l => l.Target == Targets.Peer && l.Concurrency == ours.Concurrency && l.BusyConversation == ours.BusyConversation);
            var ceiling = Levels.FirstOrDefault(l => l.Target == Targets.Ceiling && l.Concurrency == ours.Concurrency);
            Row(md, $"| {ours.Target}{(ours.BusyConversation ? " (one busy conversation)" : "")} | {ours.Concurrency} | {Ratio(ours.TurnsPerSecond, peer?.TurnsPerSecond)} | {Ratio(ours.P99Ms, peer?.P99Ms)} | {Ratio(ours.CpuMsPerTurn, peer?.CpuMsPerTurn)} | {Ratio(ours.PeakRssMiB, peer?.PeakRssMiB)} | {Ratio(ours.TurnsPerSecond, ceiling?.TurnsPerSecond)} |");
        }
        IssueTable(md);
        var composeLevels = _levels.Where(l => l.Compose is not null).ToList();
        if (composeLevels.Count > 0)
        {
            // The botbuilder peer has no message extension, so a compose invoke is compared with the ceiling only.
            md.AppendLine();
            md.AppendLine("| conc | ours-compose invokes/s | ours-compose/ceiling | keywords (warm) | results per answer | answer KiB | HubSpot calls in window | of which searches | HubSpot 429s |");
            md.AppendLine("|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
            foreach (var l in composeLevels)
            {
                var c = l.Compose!;
                var ceiling = _levels.FirstOrDefault(x => x.Target == Targets.Ceiling && x.Concurrency == l.Concurrency);
                Row(md, $"| {l.Concurrency} | {l.TurnsPerSecond:F0} | {Ratio(l.TurnsPerSecond, ceiling?.TurnsPerSecond)} | {c.Queries.Keywords.Count} | {c.Queries.MeanResults:F1} | {c.Queries.MeanAnswerKiB:F0} | {c.HubSpotCalls.Requests} | {c.HubSpotCalls.Searches} | {c.HubSpotCalls.RateLimited} |");
            }
        }
        if (_notes.Count > 0)
        {
            md.AppendLine();
            foreach (var note in _notes) Row(md, $"- {note}");
        }
        return md.ToString();
    }

    /// <summary>
    /// Issue 20's pipeline rows, ours beside the peer from this run: throughput, CPU, p99 and memory at the highest
    /// level, idle memory, cold start and the one busy conversation.
    /// </summary>
    private void IssueTable(StringBuilder md)
    {
        var top = Levels.Where(l => l.Target == Targets.Ours).Select(l => l.Concurrency).DefaultIfEmpty().Max();
        var ours = Levels.FirstOrDefault(l => l.Target == Targets.Ours && l.Concurrency == top);
        var peer = Levels.FirstOrDefault(l => l.Target == Targets.Peer && l.Concurrency == top);
        var oursCold = _coldStarts.FirstOrDefault(c => c.Target == Targets.Ours);
        var peerCold = _coldStarts.FirstOrDefault(c => c.Target == Targets.Peer);
        var oursBusy = _levels.FirstOrDefault(l => l.Target == Targets.Ours && l.BusyConversation);
        var durableBusy = _levels.FirstOrDefault(l => l.Target == Targets.OursDurable && l.BusyConversation);
        var peerBusy = _levels.FirstOrDefault(l => l.Target == Targets.Peer && l.BusyConversation);
        if (ours is null && oursCold is null) return;
        md.AppendLine();
        md.AppendLine("| issue 20 figure | ours | peer | ours/peer | target |");
        md.AppendLine("|---|---:|---:|---:|---|");
        Row(md, $"| turns/s at c={top} | {ours?.TurnsPerSecond:F0} | {peer?.TurnsPerSecond:F0} | {Ratio(ours?.TurnsPerSecond, peer?.TurnsPerSecond)} | ≥ 10× |");
        Row(md, $"| CPU ms per turn at c={top} | {ours?.CpuMsPerTurn:F3} | {peer?.CpuMsPerTurn:F3} | {Ratio(ours?.CpuMsPerTurn, peer?.CpuMsPerTurn)} | ≤ 0.10× |");
        Row(md, $"| p99 ms at c={top} | {ours?.P99Ms:F1} | {peer?.P99Ms:F1} | {Ratio(ours?.P99Ms, peer?.P99Ms)} | ≤ 0.15× |");
        Row(md, $"| peak RSS MiB at c={top} | {ours?.PeakRssMiB:F0} | {peer?.PeakRssMiB:F0} | {Ratio(ours?.PeakRssMiB, peer?.PeakRssMiB)} | ≤ 150 MiB |");
        Row(md, $"| idle RSS MiB | {IdleRss(Targets.Ours)} | {IdleRss(Targets.Peer)} | {Ratio(_idleRss.GetValueOrDefault(Targets.Ours, double.NaN), _idleRss.TryGetValue(Targets.Peer, out var p) ? p : null)} | report |");
        Row(md, $"| cold start → /healthz 200 ms | {oursCold?.Healthy.TotalMilliseconds:F0} | {peerCold?.Healthy.TotalMilliseconds:F0} | {Ratio(oursCold?.Healthy.TotalMilliseconds, peerCold?.Healthy.TotalMilliseconds)} | ≤ peer's |");
        Row(md, $"| cold start → first turn finished ms | {oursCold?.FirstTurn.TotalMilliseconds:F0} | {peerCold?.FirstTurn.TotalMilliseconds:F0} | {Ratio(oursCold?.FirstTurn.TotalMilliseconds, peerCold?.FirstTurn.TotalMilliseconds)} | ≤ peer's |");
        Row(md, $"| cold start CPU ms to first turn (steadier than wall time on a shared box) | {oursCold?.CpuToFirstTurn.TotalMilliseconds:F0} | {peerCold?.CpuToFirstTurn.TotalMilliseconds:F0} | {Ratio(oursCold?.CpuToFirstTurn.TotalMilliseconds, peerCold?.CpuToFirstTurn.TotalMilliseconds)} | report |");
        Row(md, $"| one busy conversation turns/s (c={oursBusy?.Concurrency}), in-memory queue | {oursBusy?.TurnsPerSecond:F0} | {peerBusy?.TurnsPerSecond:F0} | {Ratio(oursBusy?.TurnsPerSecond, peerBusy?.TurnsPerSecond)} | ≥ 5× |");
        if (durableBusy is not null)
            Row(md, $"| one busy conversation turns/s (c={durableBusy.Concurrency}), durable queue | {durableBusy.TurnsPerSecond:F0} | {peerBusy?.TurnsPerSecond:F0} | {Ratio(durableBusy.TurnsPerSecond, peerBusy?.TurnsPerSecond)} | ≥ 5× |");
    }

    private string IdleRss(string target) => _idleRss.TryGetValue(target, out var mib) ? mib.ToString("F0", CultureInfo.InvariantCulture) : "n/a";

    // Three decimals below 0.1, so a small share of the ceiling still shows as a number rather than 0.00.
    private static string Ratio(double? ours, double? other) =>
        ours is { } o && other is > 0 && !double.IsNaN(o) ? (o / other.Value).ToString(o / other.Value < 0.1 ? "F3" : "F2", CultureInfo.InvariantCulture) : "n/a";

    private static void Row(StringBuilder md, FormattableString line) => md.AppendLine(line.ToString(CultureInfo.InvariantCulture));
}
