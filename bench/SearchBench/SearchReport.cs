using System.Globalization;
using System.Text;

namespace SearchBench;

/// <summary>The Markdown table bench/run.sh prints.</summary>
internal static class SearchReport
{
    public static string Markdown(Args options, IReadOnlyList<QueryResult> results, long hubSpotSearches, long rateLimited)
    {
        var sorted = results.Select(r => r.Milliseconds).Order().ToArray();
        double P(double p) => sorted.Length == 0 ? 0 : sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];
        int Count(QueryOutcome o) => results.Count(r => r.Outcome == o);
        var answered = results.Count(r => r.Outcome != QueryOutcome.Error && r.Milliseconds <= 5000);
        var c = CultureInfo.InvariantCulture;
        var md = new StringBuilder();
        md.AppendLine(c, $"### Compose search: {options.Users} users typing for {options.Seconds} s (sandbox: {options.Seed} contacts, {options.LatencyMs} ms latency, 5 searches/s enforced)");
        md.AppendLine();
        md.AppendLine("| user queries | p50 ms | p95 ms | p99 ms | answered within 5 s | with results | still searching | other message | errors | HubSpot searches | searches per user query | HubSpot 429s |");
        md.AppendLine("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        md.AppendLine(c, $"| {results.Count} | {P(0.50):F1} | {P(0.95):F1} | {P(0.99):F1} | {(results.Count == 0 ? 0 : 100.0 * answered / results.Count):F1}% | {Count(QueryOutcome.Results)} | {Count(QueryOutcome.StillSearching)} | {Count(QueryOutcome.OtherMessage)} | {Count(QueryOutcome.Error)} | {hubSpotSearches} | {(results.Count == 0 ? 0 : (double)hubSpotSearches / results.Count):F3} | {rateLimited} |");
        return md.ToString();
    }
}
