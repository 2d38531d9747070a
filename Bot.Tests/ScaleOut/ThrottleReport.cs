using System.Globalization;
using Bot.Tests.Harness;

namespace Bot.Tests.ScaleOut;

/// <summary>
/// Where HubSpot 429s came from, from the sandbox's rate-limit log: the refusals grouped into bursts, each with its time
/// on the run's clock, the limit and endpoints refused, which instances were refused, and which instances had spent the
/// window the refused calls found full. Plus the busiest window of each limit (what HubSpot counted at its peak).
/// </summary>
public static class ThrottleReport
{
    private static readonly TimeSpan BurstWindow = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan SearchWindow = TimeSpan.FromSeconds(1);

    public static IEnumerable<string> Lines(IReadOnlyList<RateLimitLogEntry> log, DateTimeOffset start)
    {
        string At(DateTimeOffset t) => ((t - start).TotalSeconds).ToString("F1", CultureInfo.InvariantCulture) + "s";

        foreach (var limit in new[] { "burst", "search" })
        {
            var window = limit == "search" ? SearchWindow : BurstWindow;
            var admitted = log.Where(e => e.Limit == limit && e.Admitted).Select(e => e.At).ToList();
            var (peak, peakAt) = Busiest(admitted, window);
            yield return string.Create(CultureInfo.InvariantCulture,
                $"{limit}: {admitted.Count} admitted, {log.Count(e => e.Limit == limit && !e.Admitted)} refused; busiest {window.TotalSeconds:F0} s window {peak} calls (from {(peak > 0 ? At(peakAt) : "-")})");
        }

        // Refusals less than a second apart are one episode.
        var refused = log.Where(e => !e.Admitted).OrderBy(e => e.At).ToList();
        var episodes = new List<List<RateLimitLogEntry>>();
        foreach (var entry in refused)
        {
            if (episodes.Count == 0 || entry.At - episodes[^1][^1].At > TimeSpan.FromSeconds(1)) episodes.Add([]);
            episodes[^1].Add(entry);
        }

        foreach (var episode in episodes)
        {
            var first = episode[0];
            var window = first.IsSearch ? SearchWindow : BurstWindow;
            var spentBy = log.Where(e => e.Admitted && e.Limit == first.Limit && e.At > first.At - window && e.At <= first.At)
                .GroupBy(e => Instance(e.Caller)).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{g.Key} {g.Count()}");
            yield return $"429s {At(first.At)}–{At(episode[^1].At)}: {episode.Count} ({Counts(episode.Select(e => $"{e.Limit}/{e.Kind}"))}) "
                + $"refused to {Counts(episode.Select(e => Instance(e.Caller)))}; the {window.TotalSeconds:F0} s before the first were spent by {string.Join(", ", spentBy)}";
        }
    }

    /// <summary>The instance named in a bot's User-Agent ("… (instance bot1.2)"), else the whole User-Agent.</summary>
    public static string Instance(string caller)
    {
        var at = caller.IndexOf("(instance ", StringComparison.Ordinal);
        return at < 0 ? (caller.Length == 0 ? "?" : caller) : caller[(at + 10)..].TrimEnd(')');
    }

    private static string Counts(IEnumerable<string> keys) =>
        string.Join(", ", keys.GroupBy(k => k).OrderByDescending(g => g.Count()).Select(g => $"{g.Key} {g.Count()}"));

    private static (int Count, DateTimeOffset From) Busiest(List<DateTimeOffset> times, TimeSpan window)
    {
        times.Sort();
        var (best, from, tail) = (0, DateTimeOffset.MinValue, 0);
        for (var head = 0; head < times.Count; head++)
        {
            while (times[head] - times[tail] >= window) tail++;
            if (head - tail + 1 > best) (best, from) = (head - tail + 1, times[tail]);
        }
        return (best, from);
    }
}
