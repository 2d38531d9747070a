using System.Collections.Concurrent;
using System.Globalization;
using Bot.Tests.Harness;
using Bot.Tests.Reliability;

namespace Bot.Tests.Features.Notifications;

/// <summary>
/// Teams answering 429 (with Retry-After) to a long run of sends, twice during the feed: the connector's retries and
/// the webhook layer's offering-again get every card through, still exactly once.
/// </summary>
public sealed class NotificationStormTests(CrmBotFixture bot) : IClassFixture<CrmBotFixture>
{
    [Fact]
    public async Task A_429_storm_gives_the_same_cards_none_lost_none_twice()
    {
        var world = new NotificationWorld(bot);
        var load = new NotificationLoad(bot, world);
        await load.SetUpAsync(deals: 36, contacts: 12, tasks: 6);
        var events = load.Events(300, seed: 2);
        var connector = bot.Teams.Connector;
        var before = connector.Calls.Count;
        var failures = new ConcurrentBag<Exception>();

        var latency = await load.FeedAsync(events, TimeSpan.FromSeconds(20), duplicateEvery: 7, failures, batch =>
        {
            // Two storms: each answers the next 25 connector calls 429 with Retry-After 1 s.
            if (batch is 0 or 3) connector.FailNext(429, """{"error":{"code":"Throttled","message":"Too many requests"}}""", retryAfter: "1", times: 25);
            return Task.CompletedTask;
        });

        var calls = connector.Calls.Skip(before).ToList();
        var outcome = NotificationExpectations.Check(load, events, calls);
        var throttled = calls.Count(c => c.Status == 429);
        var cardEvents = events.Where(e => load.Targets(e).Any()).Select(e => latency[e.EventId].TotalMilliseconds).Order().ToList();
        var p95 = cardEvents[(int)Math.Ceiling(cardEvents.Count * 0.95) - 1];
        ReliabilitySummary.Record("notifications: 429 storms", events.Count, throttled, outcome.Lost + outcome.Duplicated,
            string.Create(CultureInfo.InvariantCulture, $"notifications: {events.Count} events, {outcome.Expected} cards expected, {outcome.Delivered} delivered, {outcome.Lost} lost, {outcome.Duplicated} duplicated, p95 {p95:0} ms; {throttled} sends answered 429"));
        Assert.Equal(50, throttled);
        outcome.AssertExact();
    }
}
