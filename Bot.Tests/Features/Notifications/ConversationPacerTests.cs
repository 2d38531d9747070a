using HubSpotTeamsBot.Features.Notifications;

namespace Bot.Tests.Features.Notifications;

/// <summary>The pacer's arithmetic: every window of Teams' per-conversation limits holds, whatever the past sends.</summary>
public sealed class ConversationPacerTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 6, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_conversation_with_no_recent_sends_may_send_at_once()
    {
        Assert.Equal(TimeSpan.Zero, ConversationPacer.WaitFor([], Start));
        Assert.Equal(TimeSpan.Zero, ConversationPacer.WaitFor([Start.AddHours(-2)], Start));
    }

    [Fact]
    public void Six_sends_in_the_last_second_make_the_seventh_wait_until_the_oldest_leaves_the_window()
    {
        var sends = Enumerable.Range(0, 6).Select(i => Start.AddMilliseconds(i * 100)).ToList();

        var wait = ConversationPacer.WaitFor(sends, Start.AddMilliseconds(600));

        Assert.Equal(TimeSpan.FromSeconds(1) + ConversationPacer.Margin + TimeSpan.FromMilliseconds(1) - TimeSpan.FromMilliseconds(600), wait);
    }

    [Fact]
    public void Simulated_sends_as_fast_as_allowed_never_exceed_any_of_Teams_windows()
    {
        // Send as fast as the pacer allows for 3 simulated minutes, then check every window Teams counts.
        var sends = new List<DateTimeOffset>();
        var now = Start;
        while (now < Start.AddMinutes(3))
        {
            var wait = ConversationPacer.WaitFor(sends, now);
            now += wait;
            if (wait == TimeSpan.Zero)
            {
                sends.Add(now);
                now += TimeSpan.FromMilliseconds(1);
            }
        }

        foreach (var (limit, window) in new[] { (7, TimeSpan.FromSeconds(1)), (8, TimeSpan.FromSeconds(2)), (60, TimeSpan.FromSeconds(30)) })
            for (var i = 0; i + limit < sends.Count; i++)
                Assert.True(sends[i + limit] - sends[i] >= window, $"{limit + 1} sends within {window}");
        // And it is not needlessly slow: close to 59 per 30 s over the three minutes.
        Assert.InRange(sends.Count, 6 * 55, 6 * 59 + 6);
    }
}
