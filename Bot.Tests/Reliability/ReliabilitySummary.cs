using System.Globalization;

namespace Bot.Tests.Reliability;

/// <summary>
/// One line per reliability area (cases tried, refused, lost) appended to artifacts/reliability/summary.txt, which
/// test.sh prints after the test run, so a reader sees the figures without reading the tests. The folder can be moved
/// with RELIABILITY_SUMMARY_DIR.
/// </summary>
public static class ReliabilitySummary
{
    private static readonly Lock Gate = new();

    /// <summary>Records one area's figures and returns the line written.</summary>
    /// <param name="area">Short name of the area and case family, e.g. "fuzzing: mutated card submits".</param>
    /// <param name="tried">Cases run.</param>
    /// <param name="refused">Cases the bot refused as it should (4xx, a refusal message, a clear retry message).</param>
    /// <param name="lost">Cases that lost or duplicated data or broke the process (5xx, unhandled exception); 0 is the goal.</param>
    /// <param name="detail">Anything else worth a reader's eye (kept short).</param>
    public static string Record(string area, int tried, int refused, int lost, string? detail = null)
    {
        var line = string.Create(CultureInfo.InvariantCulture,
            $"{area,-44} tried {tried,6}  refused {refused,6}  lost {lost,3}{(detail is null ? "" : "  " + detail)}");
        if (Folder.Value is { } folder)
        {
            lock (Gate) File.AppendAllText(Path.Combine(folder, "summary.txt"), line + Environment.NewLine);
        }
        return line;
    }

    private static readonly Lazy<string?> Folder = new(() =>
    {
        var folder = Environment.GetEnvironmentVariable("RELIABILITY_SUMMARY_DIR");
        if (string.IsNullOrEmpty(folder))
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "HubSpotTeamsBot.sln"))) dir = dir.Parent;
            if (dir is null) return null;
            folder = Path.Combine(dir.FullName, "artifacts", "reliability");
        }
        Directory.CreateDirectory(folder);
        return folder;
    });
}
