using System.Globalization;
using System.Net;
using Bot.Tests.Harness;
using HubSpotTeamsBot.Identity;
using Xunit.Abstractions;
using HubSpotTeamsBot.BotFramework.Routing;

namespace Bot.Tests.Reliability;

/// <summary>
/// One fuzz family from start to verdict: post the cases, let queued turns finish, then judge — no 5xx, no error
/// logged (the bot logs at Error only for exceptions no handler expected), still healthy, still answering.
/// </summary>
public sealed class FuzzRun(FuzzBotFixture bot, ITestOutputHelper output)
{
    /// <summary>Fixed so the test command replays the same cases; set RELIABILITY_FUZZ_SEED to explore others.</summary>
    public static int Seed { get; } = int.TryParse(Environment.GetEnvironmentVariable("RELIABILITY_FUZZ_SEED"), CultureInfo.InvariantCulture, out var seed) ? seed : 20261129;

    /// <summary>Puts back what an earlier family may have changed (an admin case may relink or regrant).</summary>
    public async Task ResetAsync()
    {
        await bot.LinkPortalAsync();
        await bot.GrantAsync(bot.Editor, AppRole.Editor);
        foreach (var user in new[] { bot.Admin, bot.Editor, bot.Viewer }) bot.Teams.Connector.AddMember(user);
    }

    /// <returns>Every case with the answer it got, for families that assert more than "no 5xx".</returns>
    public async Task<IReadOnlyList<FuzzResult>> RunAsync(string area, IReadOnlyList<FuzzCase> cases)
    {
        var logsBefore = bot.Host.Logs.Lines.Count;
        var results = await new FuzzPoster(bot).PostAllAsync(cases);
        var drained = await bot.Turns.WaitForQuietAsync(TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(60));
        var errors = bot.Host.Logs.Lines.Skip(logsBefore)
            .Where(l => l.StartsWith("Error ", StringComparison.Ordinal) || l.StartsWith("Critical ", StringComparison.Ordinal)).ToList();

        using var health = await bot.Http.GetAsync(new Uri("/healthz", UriKind.Relative));
        var chat = TeamsConversation.Personal(bot.Editor);
        var help = await bot.Teams.SayAsync(chat, bot.Editor, "help");

        var lost = results.Where(r => r.Lost).ToList();
        var counts = results.GroupBy(r => r.Class).ToDictionary(g => g.Key, g => g.Count());
        var statuses = string.Join(" ", results.GroupBy(r => r.Status is { } s ? ((int)s).ToString(CultureInfo.InvariantCulture) : "none")
            .OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{g.Key}×{g.Count()}"));
        var line = ReliabilitySummary.Record(area, results.Count, results.Count(r => r.Refused), lost.Count + errors.Count,
            $"2xx {counts.GetValueOrDefault("2xx")} 4xx {counts.GetValueOrDefault("4xx")} 501(unrouted invoke) {counts.GetValueOrDefault("501")} 5xx {lost.Count}, errors logged {errors.Count}, seed {Seed}");
        output.WriteLine(line);
        output.WriteLine($"statuses: {statuses}");

        var context = $"seed {Seed} (rerun with RELIABILITY_FUZZ_SEED={Seed})";
        Assert.True(lost.Count == 0, $"{context}: {lost.Count} cases lost; first: {string.Join("\n", lost.Take(5))}");
        Assert.True(errors.Count == 0, $"{context}: {errors.Count} unhandled errors logged; first: {string.Join("\n---\n", errors.Take(3).Select(e => e.Length > 3000 ? e[..3000] : e))}");
        Assert.True(drained, $"{context}: queued turns were still running a minute after the last case");
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Contains("HubSpot for Teams", help.VisibleText, StringComparison.Ordinal);
        return results;
    }
}
