using System.Collections.Concurrent;
using System.Globalization;
using Bot.Tests.Harness;
using Bot.Tests.Reliability;

namespace Bot.Tests.Features.Notifications;

/// <summary>
/// 1,000 HubSpot events in one minute, with duplicates and out-of-order batches, into 3 subscribed channels and 2
/// personal chats through the real bot, sandbox, Azurite and simulated Bot Connector: exactly one card per conversation
/// and record (later changes update it in place), every matching event on it once, and Teams' per-conversation limits
/// kept in every window.
/// </summary>
public sealed class NotificationDeliveryTests(CrmBotFixture bot) : IClassFixture<CrmBotFixture>
{
    [Fact]
    public async Task A_minute_of_events_gives_exactly_the_expected_cards_none_lost_none_twice_within_Teams_limits()
    {
        var world = new NotificationWorld(bot);
        var load = new NotificationLoad(bot, world);
        await load.SetUpAsync(deals: 60, contacts: 30, tasks: 15);
        var events = load.Events(1_000, seed: 1);
        var sendTimes = new ConcurrentQueue<(string Conversation, DateTime At)>();
        var connector = bot.Teams.Connector;
        var callsBefore = connector.Calls.Count;
        connector.OnCall = call =>
        {
            if (call.Method is "POST" or "PUT" && call.Path.StartsWith("v3/conversations/", StringComparison.Ordinal) && call.Path.Contains("/activities", StringComparison.Ordinal))
                sendTimes.Enqueue((Uri.UnescapeDataString(call.Path.Split('/')[2]), DateTime.UtcNow));
        };
        var failures = new ConcurrentBag<Exception>();

        var latency = await load.FeedAsync(events, TimeSpan.FromMinutes(1), duplicateEvery: 10, failures);
        connector.OnCall = null;

        var outcome = NotificationExpectations.Check(load, events, connector.Calls.Skip(callsBefore));
        var cardEvents = events.Where(e => load.Targets(e).Any()).Select(e => latency[e.EventId].TotalMilliseconds).Order().ToList();
        var p95 = cardEvents[(int)Math.Ceiling(cardEvents.Count * 0.95) - 1];
        ReliabilitySummary.Record("notifications: 1,000 events in a minute", events.Count, 0, outcome.Lost + outcome.Duplicated,
            string.Create(CultureInfo.InvariantCulture, $"notifications: {events.Count} events, {outcome.Expected} cards expected, {outcome.Delivered} delivered, {outcome.Lost} lost, {outcome.Duplicated} duplicated, p95 {p95:0} ms"));
        Assert.Empty(failures);
        outcome.AssertExact();
        NotificationExpectations.AssertWithinTeamsLimits(sendTimes);
    }
}
