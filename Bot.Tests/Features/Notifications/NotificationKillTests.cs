using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Bot.Tests.Harness;
using Bot.Tests.Reliability;
using HubSpotTeamsBot.Features.Notifications;
using Xunit.Abstractions;

namespace Bot.Tests.Features.Notifications;

/// <summary>
/// The proof that a bot process killed while it delivers notification cards loses and duplicates none: the built bot
/// as its own process, the HubSpot sandbox sending signed webhook batches of real writes (with HubSpot's duplicates,
/// reordering and re-sends), subscriptions in three channels and two personal chats; the process is SIGKILLed once some
/// but not all cards were posted, in a 429 storm, and started again. Checked against the connector's transcript: one card per
/// conversation and record, whose last version counts exactly the changes that should reach it.
/// </summary>
public sealed class NotificationKillTests(ITestOutputHelper output)
{
    private const string Tenant = ChannelSimulator.BotTenantId;
    private const int Deals = 36;
    private const int Contacts = 15;
    private const int Rounds = 10;
    private const int ChangesPerRound = 30;
    private const int StormCalls = 20;
    private static readonly string[] Stages = NotificationWorld.DefaultStages;

    [Fact]
    public async Task A_bot_killed_while_it_delivers_cards_loses_and_duplicates_none_after_it_restarts()
    {
        await using var stack = await NotificationKillStack.StartAsync();
        var random = new Random(18);
        var serviceUrl = stack.Simulator.ServiceUrl;

        // Deals exist before the webhooks are on, so every event below is a stage change whose match depends only on
        // the event and on fields no write changes (pipeline, amount class, owner): the expectation does not depend on timing.
        string Owner(int i) => (i % 12) switch { 0 => NotificationWorld.MeganOwner, 1 => NotificationWorld.AlexOwner, < 7 => NotificationWorld.AdeleOwner, _ => NotificationWorld.NestorOwner };
        var dealProps = Enumerable.Range(0, Deals).Select(i => new Dictionary<string, string>
        {
            ["dealname"] = $"Kill deal {i}",
            ["amount"] = (i % 6 == 0 ? 60_000 + i : 1_000 + i * 10).ToString(CultureInfo.InvariantCulture),
            ["pipeline"] = "default",
            ["dealstage"] = Stages[random.Next(4)],
            ["hubspot_owner_id"] = Owner(i),
        }).ToList();
        var dealIds = await stack.CreateAsync("deals", dealProps);
        var deals = dealIds.Select((id, i) => (Id: id, Owner: Owner(i), Big: i % 6 == 0, Stage: dealProps[i]["dealstage"])).ToArray();

        var bigDeals = Subscription(SubscriptionKind.Deals, Channel(), "channel", serviceUrl) with { PipelineId = "default", MinAmount = 50_000 };
        var contracts = Subscription(SubscriptionKind.Deals, Channel(), "channel", serviceUrl) with { PipelineId = "default", StageId = "contractsent" };
        var leads = Subscription(SubscriptionKind.Contacts, Channel(), "channel", serviceUrl) with { LifecycleStage = "lead" };
        var megan = Subscription(SubscriptionKind.Personal, "a:personal-megan-" + Guid.NewGuid().ToString("N"), "personal", serviceUrl) with { OwnerId = NotificationWorld.MeganOwner };
        var alex = Subscription(SubscriptionKind.Personal, "a:personal-alex-" + Guid.NewGuid().ToString("N"), "personal", serviceUrl) with { OwnerId = NotificationWorld.AlexOwner };
        await stack.SubscribeAsync(bigDeals, contracts, leads, megan, alex);
        await stack.StartBotAsync();
        await stack.SendWebhooksAsync(seed: 18);

        // The changes, planned before any is written, and per (conversation, record) how many of them should reach it,
        // by the subscription rules written down again here (not by the bot's matcher).
        var expected = new ConcurrentDictionary<(string Conversation, string Record, string Id), int>();
        void Expect(string conversation, string typeId, string id) => expected.AddOrUpdate((conversation, typeId, id), 1, (_, n) => n + 1);
        var contactProps = Enumerable.Range(0, Contacts).Select(i => new Dictionary<string, string>
        {
            ["firstname"] = "Kill",
            ["lastname"] = $"Contact {i}",
            ["email"] = $"kill-{Guid.NewGuid():N}@example.com",
            ["lifecyclestage"] = i % 3 == 0 ? "lead" : "subscriber",
            ["hubspot_owner_id"] = Owner(i),
        }).ToList();
        bool[] ContactTargets(int i) => [contactProps[i]["lifecyclestage"] == "lead", Owner(i) == NotificationWorld.MeganOwner, Owner(i) == NotificationWorld.AlexOwner];
        var contactCards = Enumerable.Range(0, Contacts).Sum(i => ContactTargets(i).Count(t => t));
        var plan = new List<List<(string Id, Dictionary<string, string> Properties)>>();
        for (var round = 0; round < Rounds; round++)
        {
            var updates = new List<(string Id, Dictionary<string, string> Properties)>();
            foreach (var index in Enumerable.Range(0, Deals).OrderBy(_ => random.Next()).Take(ChangesPerRound))
            {
                var deal = deals[index];
                if (random.Next(10) < 8)
                {
                    var stage = Stages.Where(s => s != deal.Stage).ElementAt(random.Next(Stages.Length - 1));
                    deals[index] = deal with { Stage = stage };
                    updates.Add((deal.Id, new Dictionary<string, string> { ["dealstage"] = stage }));
                    if (deal.Big) Expect(bigDeals.ConversationId, "0-3", deal.Id);
                    if (stage == "contractsent") Expect(contracts.ConversationId, "0-3", deal.Id);
                    if (deal.Owner == NotificationWorld.MeganOwner) Expect(megan.ConversationId, "0-3", deal.Id);
                    if (deal.Owner == NotificationWorld.AlexOwner) Expect(alex.ConversationId, "0-3", deal.Id);
                }
                else
                {
                    // An amount change nobody subscribed to, within the deal's amount class (big stays big).
                    var amount = deal.Big ? 60_000 + random.Next(1, 30_000) : 1_000 + random.Next(1, 40_000);
                    updates.Add((deal.Id, new Dictionary<string, string> { ["amount"] = amount.ToString(CultureInfo.InvariantCulture) }));
                }
            }
            plan.Add(updates);
        }
        var events = Contacts + plan.Sum(r => r.Count);
        var cardsExpected = expected.Count + contactCards;

        var connector = stack.Simulator.Connector;
        IReadOnlyList<CardCall> Cards() => NotificationWorld.NotificationCalls(connector.Calls);
        var clock = Stopwatch.StartNew();
        var writing = Task.Run(async () =>
        {
            var ids = await stack.CreateAsync("contacts", contactProps);
            for (var i = 0; i < ids.Count; i++)
            {
                var targets = ContactTargets(i);
                if (targets[0]) Expect(leads.ConversationId, "0-1", ids[i]);
                if (targets[1]) Expect(megan.ConversationId, "0-1", ids[i]);
                if (targets[2]) Expect(alex.ConversationId, "0-1", ids[i]);
            }
            foreach (var updates in plan)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(400));
                await stack.UpdateAsync("deals", updates);
            }
        });

        // SIGKILL once a third of the cards are posted: the bot is then in the middle of its deliveries.
        while (true)
        {
            var posted = Cards().Count(c => c.Method == "POST");
            if (posted * 3 >= cardsExpected) break;
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(60), $"Only {posted} cards were posted in a minute:\n{stack.Output}");
            await Task.Delay(5);
        }
        // Teams starts throttling (a 429 storm with Retry-After 1 s): the kill comes while posts wait out their
        // Retry-After, 300 ms after the third 429. (A kill placed exactly on a POST's round trip is the window that
        // remains, CardDelivery says which; "posts under way at the kill" below counts the posts a kill caught there.)
        var callsBeforeStorm = connector.Calls.Count;
        connector.FailNext(429, """{"error":{"code":"Throttled","message":"Too many requests"}}""", retryAfter: "1", times: StormCalls);
        while (connector.Calls.Skip(callsBeforeStorm).Count(c => c.Status == 429) < 3 && clock.Elapsed < TimeSpan.FromSeconds(60)) await Task.Delay(5);
        await Task.Delay(TimeSpan.FromMilliseconds(300));
        await stack.KillBotAsync();
        var killedAt = clock.Elapsed;
        var throttledBeforeKill = connector.Calls.Count(c => c.Status == 429);
        var postedBeforeKill = Cards().Count(c => c.Method == "POST");
        var sendsBeforeKill = Cards().Count;
        // What the kill interrupted: posts claimed in the ledger whose activity id was never recorded, and of those,
        // the ones Teams had received (the rest never left the process).
        var unfinished = await stack.UnfinishedPostsAsync();
        var unfinishedReached = unfinished.Count(u => Cards().Any(c => c.Method == "POST" && c.Conversation == u.ConversationId && c.RecordId == u.RecordId));
        await stack.StartBotAsync();
        var restartedAt = clock.Elapsed;
        await writing;
        var writtenAt = clock.Elapsed;

        // Recovered: the sandbox has delivered everything and the transcript shows every expected card complete.
        var outcome = NotificationExpectations.Check(expected, connector.Calls);
        var completedAt = TimeSpan.Zero;
        while (clock.Elapsed < writtenAt + TimeSpan.FromSeconds(60))
        {
            var (outstanding, _) = await stack.WebhookLogAsync();
            outcome = NotificationExpectations.Check(expected, connector.Calls);
            if (outstanding == 0 && outcome.Problems.Count == 0)
            {
                completedAt = clock.Elapsed;
                break;
            }
            await Task.Delay(200);
        }
        // Late duplicates would come after that: look once more after longer than a claim takes to lapse.
        await Task.Delay(TimeSpan.FromSeconds(6));
        outcome = NotificationExpectations.Check(expected, connector.Calls);

        var (_, deliveries) = await stack.WebhookLogAsync();
        var sentEvents = deliveries.SelectMany(d => d.EventIds).Distinct().Count();
        var eventDeliveries = deliveries.Sum(d => d.EventIds.Count);
        var refusedWhileDown = deliveries.Count(d => d.Status is < 200 or >= 300);
        var throttled = connector.Calls.Count(c => c.Status == 429);
        var cards = Cards();
        var recovery = completedAt == TimeSpan.Zero ? double.NaN : (completedAt - killedAt).TotalSeconds;
        output.WriteLine($"{events} events written, {sentEvents} sent by the sandbox in {eventDeliveries} event deliveries ({refusedWhileDown} batch deliveries failed while the bot was down)");
        output.WriteLine($"killed at {killedAt.TotalSeconds:F1}s after {postedBeforeKill} of {cardsExpected} cards posted ({sendsBeforeKill} sends, {throttledBeforeKill} answered 429), healthy again at {restartedAt.TotalSeconds:F1}s, writes done at {writtenAt.TotalSeconds:F1}s, complete at {completedAt.TotalSeconds:F1}s");
        output.WriteLine($"{cards.Count(c => c.Method == "POST")} posts, {cards.Count(c => c.Method == "PUT")} updates; {unfinished.Count} posts under way at the kill, {unfinishedReached} of them had reached Teams");
        foreach (var problem in outcome.Problems.Take(20)) output.WriteLine(problem);

        var line = ReliabilitySummary.Record("notifications: killed during delivery", events, refusedWhileDown, outcome.Lost + outcome.Duplicated,
            string.Create(CultureInfo.InvariantCulture,
                $"notifications: killed during delivery, {events} events, {outcome.Expected} cards expected, {outcome.Delivered} delivered, {outcome.Lost} lost, {outcome.Duplicated} duplicated, recovery {recovery:F1} s; {unfinished.Count} posts under way at the kill, {throttled} sends answered 429"));
        output.WriteLine(line);

        Assert.Equal(events, sentEvents);
        Assert.True(eventDeliveries > events, "the sandbox's fault plan should have sent some events more than once");
        Assert.True(postedBeforeKill < cardsExpected, "the kill came after every card was posted");
        Assert.True(throttledBeforeKill >= 3, "the kill should have come during the 429 storm");
        Assert.Equal(StormCalls, throttled);
        outcome.AssertExact();
        Assert.NotEqual(TimeSpan.Zero, completedAt);
    }

    /// <summary>
    /// The window that remains (CardDelivery): Teams has taken a card's POST and the bot dies before it hears the card's
    /// id. Here the kill is placed exactly there, in the connector, before it answers. The change on that card is not
    /// posted again when its batch comes back; the record's next change, whose card can't be updated without the id,
    /// goes to a new card showing that change alone — so no change is ever shown twice.
    /// </summary>
    [Fact]
    public async Task A_bot_killed_after_Teams_took_a_card_but_before_it_heard_the_card_id_never_posts_that_change_again()
    {
        await using var stack = await NotificationKillStack.StartAsync();
        var dealId = (await stack.CreateAsync("deals",
        [
            new Dictionary<string, string>
            {
                ["dealname"] = "Window deal", ["amount"] = "5000", ["pipeline"] = "default", ["dealstage"] = "appointmentscheduled",
                ["hubspot_owner_id"] = NotificationWorld.AdeleOwner,
            },
        ]))[0];
        var channel = Subscription(SubscriptionKind.Deals, Channel(), "channel", stack.Simulator.ServiceUrl) with { PipelineId = "default" };
        await stack.SubscribeAsync(channel);
        await stack.StartBotAsync();
        await stack.SendWebhooksAsync(seed: 1, faults: false);

        var connector = stack.Simulator.Connector;
        var killed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        connector.OnCall = call =>
        {
            if (call.Method != "POST" || !Uri.UnescapeDataString(call.Path).Contains(channel.ConversationId, StringComparison.Ordinal) || killed.Task.IsCompleted) return;
            // The connector has the card (it is in the transcript); the bot dies before the answer with its id arrives.
            stack.KillBotAsync().GetAwaiter().GetResult();
            killed.TrySetResult();
        };
        await stack.UpdateAsync("deals", [(dealId, new Dictionary<string, string> { ["dealstage"] = "qualifiedtobuy" })]);
        await killed.Task.WaitAsync(TimeSpan.FromSeconds(60));
        connector.OnCall = null;
        var unfinished = Assert.Single(await stack.UnfinishedPostsAsync());
        Assert.Equal((channel.ConversationId, dealId, 1), (unfinished.ConversationId, unfinished.RecordId, unfinished.Changes));
        var (_, deliveries) = await stack.WebhookLogAsync();
        var firstEvent = Assert.Single(deliveries.SelectMany(d => d.EventIds).Distinct());

        // The restarted bot takes the batch again once the dead instance's hold on it lapses, and finds it delivered.
        await stack.StartBotAsync();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (!await stack.IsHandledAsync(firstEvent))
        {
            Assert.True(DateTime.UtcNow < deadline, "The batch of the interrupted post was not handled after the restart:\n" + stack.Output);
            await Task.Delay(200);
        }

        await stack.UpdateAsync("deals", [(dealId, new Dictionary<string, string> { ["dealstage"] = "contractsent" })]);
        await connector.WaitForMessageAsync(channel.ConversationId, c => c.VisibleText.Contains("Contract Sent", StringComparison.Ordinal), TimeSpan.FromSeconds(60));
        await Task.Delay(TimeSpan.FromSeconds(2));

        var cards = NotificationWorld.NotificationCalls(connector.Calls).Where(c => c.Conversation == channel.ConversationId).ToList();
        output.WriteLine(string.Join("\n", cards.Select(c => $"{c.Method} {c.Changes} change(s): {c.Call.VisibleText.ReplaceLineEndings(" | ")}")));
        Assert.All(cards, c => Assert.Equal("POST", c.Method));
        Assert.Equal(2, cards.Count);
        Assert.All(cards, c => Assert.Equal(1, c.Changes));
        Assert.Contains("entered Qualified To Buy", cards[0].Call.VisibleText, StringComparison.Ordinal);
        Assert.DoesNotContain("entered Qualified To Buy", cards[1].Call.VisibleText, StringComparison.Ordinal);
        Assert.Contains("Qualified To Buy → Contract Sent", cards[1].Call.VisibleText, StringComparison.Ordinal);
        // The new card is the one later changes update.
        Assert.Empty(await stack.UnfinishedPostsAsync());
    }

    private static string Channel() => "19:kill-" + Guid.NewGuid().ToString("N") + "@thread.tacv2";

    private static NotificationSubscription Subscription(SubscriptionKind kind, string conversationId, string conversationType, string serviceUrl) => new()
    {
        TenantId = Tenant,
        Id = Guid.NewGuid().ToString("N"),
        Kind = kind,
        ConversationId = conversationId,
        ConversationType = conversationType,
        ServiceUrl = serviceUrl,
        BotId = "28:" + ChannelSimulator.AppId,
        CreatedByAadObjectId = Guid.NewGuid().ToString(),
        CreatedByName = "Megan Bowen",
        CreatedAt = DateTimeOffset.UtcNow,
    };
}
