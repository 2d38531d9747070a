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

    public void Add(LevelResult level) => _levels.Add(level);
    public void Add(ColdStartResult coldStart) => _coldStarts.Add(coldStart);
    public void Note(string note) => _notes.Add(note);

    public string ToMarkdown()
    {
        var md = new StringBuilder();
        md.AppendLine("| target | conc | turns/s | p50 ms | p95 ms | p99 ms | CPU ms/turn | peak RSS MiB | errors | generator CPU ms/turn | Azurite CPU ms/turn |");
        md.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var l in _levels)
        {
            Row(md, $"| {l.Target} | {l.Concurrency} | {l.TurnsPerSecond:F0} | {l.P50Ms:F2} | {l.P95Ms:F2} | {l.P99Ms:F2} | {l.CpuMsPerTurn:F3} | {l.PeakRssMiB:F0} | {l.Errors}{(l.FirstError is null ? "" : $" ({l.FirstError})")} | {l.GeneratorCpuMsPerTurn:F3} | {(l.StorageCpuMsPerTurn is { } storage ? storage.ToString("F3", CultureInfo.InvariantCulture) : "n/a")} |");
        }
        md.AppendLine();
        md.AppendLine("| target | start → /healthz 200 ms | start → first HTTP answer ms | start → first turn finished ms | RSS after first turn MiB | forged token refused | bot tokens fetched in cold start |");
        md.AppendLine("|---|---:|---:|---:|---:|---|---:|");
        foreach (var c in _coldStarts)
        {
            Row(md, $"| {c.Target} | {c.Healthy.TotalMilliseconds:F0} | {c.FirstHttpAnswer.TotalMilliseconds:F0} | {c.FirstTurn.TotalMilliseconds:F0} | {c.RssAfterMiB:F0} | {(c.ForgedTokenRefused is { } refused ? (refused ? "yes" : "NO") : "n/a")} | {c.BotTokensFetched} |");
        }
        md.AppendLine();
        // "ours" is the in-memory activity queue, "ours-durable" the Azure Storage queue (Azurite) as deployed.
        md.AppendLine("| target | conc | ours/peer turns/s | ours/peer p99 | ours/peer CPU per turn | ours/peer peak RSS | ours/ceiling turns/s |");
        md.AppendLine("|---|---:|---:|---:|---:|---:|---:|");
        foreach (var ours in _levels.Where(l => l.Target is Targets.Ours or Targets.OursDurable))
        {
            var peer = _levels.FirstOrDefault(l => l.Target == Targets.Peer && l.Concurrency == ours.Concurrency);
            var ceiling = _levels.FirstOrDefault(l => l.Target == Targets.Ceiling && l.Concurrency == ours.Concurrency);
            Row(md, $"| {ours.Target} | {ours.Concurrency} | {Ratio(ours.TurnsPerSecond, peer?.TurnsPerSecond)} | {Ratio(ours.P99Ms, peer?.P99Ms)} | {Ratio(ours.CpuMsPerTurn, peer?.CpuMsPerTurn)} | {Ratio(ours.PeakRssMiB, peer?.PeakRssMiB)} | {Ratio(ours.TurnsPerSecond, ceiling?.TurnsPerSecond)} |");
        }
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

    // Three decimals below 0.1, so a small share of the ceiling still shows as a number rather than 0.00.
    private static string Ratio(double ours, double? other) =>
        other is > 0 && !double.IsNaN(ours) ? (ours / other.Value).ToString(ours / other.Value < 0.1 ? "F3" : "F2", CultureInfo.InvariantCulture) : "n/a";

    private static void Row(StringBuilder md, FormattableString line) => md.AppendLine(line.ToString(CultureInfo.InvariantCulture));
}
