using Xunit.Abstractions;

namespace Bot.Tests.Reliability;

/// <summary>Counts one security family's attacks and what went wrong with any that got through, then records the line.</summary>
public sealed class SecurityTally(string area, ITestOutputHelper output)
{
    private readonly List<(string Attack, List<string> Problems)> _cases = [];

    /// <summary>Adds an attack with the problems found (none = refused as it must be).</summary>
    public void Add(string attack, IEnumerable<string> problems) => _cases.Add((attack, problems.ToList()));

    /// <summary>Records the summary line (with an optional figure, e.g. "0 HubSpot calls") and fails with every attack that was not refused.</summary>
    public void Verdict(string? detail = null)
    {
        var lost = _cases.Where(c => c.Problems.Count > 0).ToList();
        var line = ReliabilitySummary.Record(area, _cases.Count, _cases.Count - lost.Count, lost.Count, detail);
        output.WriteLine(line);
        foreach (var (attack, problems) in _cases) output.WriteLine($"  {(problems.Count == 0 ? "refused" : "LOST   ")} {attack}{(problems.Count == 0 ? "" : ": " + string.Join("; ", problems))}");
        Assert.True(lost.Count == 0, $"{area}: {lost.Count} of {_cases.Count} attacks were not refused:\n" +
            string.Join("\n", lost.Select(c => $"- {c.Attack}: {string.Join("; ", c.Problems)}")));
    }
}
