using System.Globalization;
using Bot.Tests.Harness;
using HubSpotTeamsBot.Webhooks;

namespace Bot.Tests.Features.Notifications;

/// <summary>What the connector received compared with what the subscriptions call for.</summary>
public sealed record NotificationOutcome(int Expected, int Delivered, int Lost, int Duplicated, IReadOnlyList<string> Problems)
{
    public void AssertExact() => Assert.True(Problems.Count == 0, $"{Problems.Count} problems:\n" + string.Join('\n', Problems.Take(20)));
}

public static class NotificationExpectations
{
    /// <summary>
    /// One POST per (conversation, record) that any event should reach and none elsewhere; the last version of each card
    /// (its last POST or PUT) counts exactly the distinct events that should reach it — fewer is a loss, more a duplicate.
    /// </summary>
    public static NotificationOutcome Check(NotificationLoad load, IReadOnlyList<HubSpotWebhookEvent> events, IEnumerable<ConnectorCall> calls) =>
        Check(events.DistinctBy(e => e.EventId)
            .SelectMany(e => load.Targets(e).Distinct().Select(t => (Conversation: t, Record: TypeId(e), Id: e.ObjectId.ToString(CultureInfo.InvariantCulture))))
            .GroupBy(k => k).ToDictionary(g => g.Key, g => g.Count()), calls);

    /// <summary>The same check for expectations counted elsewhere: per (conversation, HubSpot type id, record id), the distinct events that should reach it.</summary>
    public static NotificationOutcome Check(IReadOnlyDictionary<(string Conversation, string Record, string Id), int> expected, IEnumerable<ConnectorCall> calls)
    {
        var cards = NotificationWorld.NotificationCalls(calls);
        var problems = new List<string>();
        int lost = 0, duplicated = 0, delivered = 0;
        foreach (var group in cards.GroupBy(c => (c.Conversation, Record: c.TypeId, Id: c.RecordId)))
        {
            var posts = group.Count(c => c.Method == "POST");
            if (!expected.TryGetValue(group.Key, out var count))
            {
                problems.Add($"unexpected card for {group.Key}");
                duplicated += posts;
                continue;
            }
            delivered++;
            if (posts != 1)
            {
                problems.Add($"{posts} posts for {group.Key}");
                duplicated += Math.Max(0, posts - 1);
            }
            var shown = group.Last().Changes;
            if (shown < count) { lost += count - shown; problems.Add($"{group.Key}: {shown} of {count} changes"); }
            if (shown > count) { duplicated += shown - count; problems.Add($"{group.Key}: {shown} changes shown, {count} expected"); }
        }
        foreach (var missing in expected.Keys.Except(cards.Select(c => (c.Conversation, Record: c.TypeId, Id: c.RecordId))))
        {
            lost += expected[missing];
            problems.Add($"no card for {missing}");
        }
        return new NotificationOutcome(expected.Count, delivered, lost, duplicated, problems);
    }

    /// <summary>Teams' per-conversation limits in every window, not just aligned ones: 7 in 1 s, 8 in 2 s, 60 in 30 s.</summary>
    public static void AssertWithinTeamsLimits(IEnumerable<(string Conversation, DateTime At)> sends)
    {
        foreach (var conversation in sends.GroupBy(s => s.Conversation))
        {
            var times = conversation.Select(s => s.At).Order().ToList();
            foreach (var (limit, window) in new[] { (7, TimeSpan.FromSeconds(1)), (8, TimeSpan.FromSeconds(2)), (60, TimeSpan.FromSeconds(30)) })
            {
                for (var i = 0; i + limit < times.Count; i++)
                    Assert.True(times[i + limit] - times[i] >= window,
                        $"{limit + 1} sends within {(times[i + limit] - times[i]).TotalMilliseconds:0} ms in one conversation (limit {limit} per {window.TotalSeconds} s)");
            }
        }
    }

    private static string TypeId(HubSpotWebhookEvent e) => e.SubscriptionType.Split('.')[0] switch
    {
        "deal" => "0-3",
        "contact" => "0-1",
        _ => "0-27",
    };
}
