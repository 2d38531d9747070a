using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Bot.Tests.Harness;
using HubSpotTeamsBot.Webhooks;

namespace Bot.Tests.Features.Notifications;

/// <summary>
/// The delivery scenario of the notification tests: 3 subscribed channels and 2 personal chats, records in the sandbox,
/// and a seeded stream of events (creations, stage changes, reassignments, changes nobody subscribed to) fed in
/// concurrent batches with duplicates and out-of-order delivery. The expected cards come from the subscription rules
/// written down again here, independently of the bot's matcher.
/// </summary>
public sealed class NotificationLoad(CrmBotFixture bot, NotificationWorld world)
{
    public TeamsConversation BigDeals { get; private set; } = null!;
    public TeamsConversation Contracts { get; private set; } = null!;
    public TeamsConversation Leads { get; private set; } = null!;
    public TeamsConversation Megan { get; private set; } = null!;
    public TeamsConversation Alex { get; private set; } = null!;
    public Dictionary<(string Type, string Id), SeededRecord> Records { get; } = [];

    public async Task SetUpAsync(int deals, int contacts, int tasks)
    {
        await world.LinkAsync();
        var random = new Random(18);
        // Few records belong to the two subscribers and few deals are big: Teams allows about two sends a second per
        // conversation, and a realistic subscription sees a fraction of a portal's changes.
        string Owner(int i) => (i % 12) switch { 0 => NotificationWorld.MeganOwner, 1 => NotificationWorld.AlexOwner, < 7 => NotificationWorld.AdeleOwner, _ => NotificationWorld.NestorOwner };
        var dealProps = Enumerable.Range(0, deals).Select(i => new Dictionary<string, string>
        {
            ["dealname"] = $"Load deal {i}",
            ["amount"] = (i % 6 == 0 ? 60_000 + i : 1_000 + i * 10).ToString(CultureInfo.InvariantCulture),
            ["pipeline"] = "default",
            ["dealstage"] = NotificationWorld.DefaultStages[random.Next(4)],
            ["hubspot_owner_id"] = Owner(i),
        }).ToList();
        var dealIds = await world.CreateAsync("deals", dealProps);
        for (var i = 0; i < deals; i++)
            Records[("deals", dealIds[i])] = new SeededRecord("deals", dealIds[i], dealProps[i]["hubspot_owner_id"], "default", dealProps[i]["dealstage"], decimal.Parse(dealProps[i]["amount"], CultureInfo.InvariantCulture));
        var contactProps = Enumerable.Range(0, contacts).Select(i => new Dictionary<string, string>
        {
            ["firstname"] = "Load",
            ["lastname"] = $"Contact {i}",
            ["email"] = $"load-{Guid.NewGuid():N}@example.com",
            ["lifecyclestage"] = i % 3 == 0 ? "lead" : "subscriber",
            ["hubspot_owner_id"] = Owner(i),
        }).ToList();
        var contactIds = await world.CreateAsync("contacts", contactProps);
        for (var i = 0; i < contacts; i++)
            Records[("contacts", contactIds[i])] = new SeededRecord("contacts", contactIds[i], contactProps[i]["hubspot_owner_id"], Lifecycle: contactProps[i]["lifecyclestage"]);
        var taskProps = Enumerable.Range(0, tasks).Select(i => new Dictionary<string, string>
        {
            ["hs_task_subject"] = $"Load task {i}",
            ["hs_timestamp"] = DateTimeOffset.UtcNow.AddDays(2).ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture),
            ["hs_task_status"] = "NOT_STARTED",
            ["hubspot_owner_id"] = Owner(i),
        }).ToList();
        var taskIds = await world.CreateAsync("tasks", taskProps);
        for (var i = 0; i < tasks; i++)
            Records[("tasks", taskIds[i])] = new SeededRecord("tasks", taskIds[i], taskProps[i]["hubspot_owner_id"]);

        BigDeals = await world.SubscribeChannelAsync(bot.Editor, new JsonObject { ["kind"] = "Deals", ["pipeline"] = "default", ["minAmount"] = "50000" });
        Contracts = await world.SubscribeChannelAsync(bot.Admin, new JsonObject { ["kind"] = "Deals", ["stage"] = "default/contractsent" });
        Leads = await world.SubscribeChannelAsync(bot.Editor, new JsonObject { ["kind"] = "Contacts", ["lifecycleStage"] = "lead" });
        Megan = await world.SubscribeMeAsync(bot.Admin);
        Alex = await world.SubscribeMeAsync(bot.Editor);
    }

    /// <summary>A seeded mix of events over the records: each record's creation, stage changes, reassignments and amount changes (which nobody subscribed to).</summary>
    public List<HubSpotWebhookEvent> Events(int count, int seed)
    {
        var random = new Random(seed);
        var start = DateTimeOffset.UtcNow.AddMinutes(-1);
        var events = new List<HubSpotWebhookEvent>();
        DateTimeOffset At() => start.AddMilliseconds(events.Count * 50);
        foreach (var r in Records.Values)
            events.Add(world.Event(r.Type[..^1] + ".creation", r.Id, At()));
        var deals = Records.Values.Where(r => r.Type == "deals").ToList();
        var all = Records.Values.ToList();
        string[] owners = [NotificationWorld.MeganOwner, NotificationWorld.AlexOwner, NotificationWorld.AdeleOwner, NotificationWorld.NestorOwner];
        while (events.Count < count)
        {
            var roll = random.Next(100);
            if (roll < 65)
                events.Add(world.Event("deal.propertyChange", deals[random.Next(deals.Count)].Id, At(), "dealstage", NotificationWorld.DefaultStages[random.Next(NotificationWorld.DefaultStages.Length)]));
            else if (roll < 72)
            {
                var r = all[random.Next(all.Count)];
                events.Add(world.Event(r.Type[..^1] + ".propertyChange", r.Id, At(), "hubspot_owner_id", owners[random.Next(owners.Length)]));
            }
            else
                events.Add(world.Event("deal.propertyChange", deals[random.Next(deals.Count)].Id, At(), "amount", random.Next(100, 90_000).ToString(CultureInfo.InvariantCulture)));
        }
        return events;
    }

    /// <summary>The conversations each event must reach, by the subscription rules (not by the bot's code).</summary>
    public IEnumerable<string> Targets(HubSpotWebhookEvent e)
    {
        var type = e.SubscriptionType.Split('.')[0] + "s";
        var r = Records[(type, e.ObjectId.ToString(CultureInfo.InvariantCulture))];
        var kind = e.SubscriptionType.Split('.')[1];
        var stageChange = kind == "propertyChange" && e.PropertyName == "dealstage";
        var creation = kind == "creation";
        var ownerChange = kind == "propertyChange" && e.PropertyName == "hubspot_owner_id";
        if (type == "deals" && (stageChange || creation))
        {
            if (r.Pipeline == "default" && r.Amount >= 50_000) yield return BigDeals.Id;
            if ((stageChange ? e.PropertyValue : r.Stage) == "contractsent") yield return Contracts.Id;
        }
        if (type == "contacts" && creation && r.Lifecycle == "lead") yield return Leads.Id;
        foreach (var (chat, owner) in new[] { (Megan.Id, NotificationWorld.MeganOwner), (Alex.Id, NotificationWorld.AlexOwner) })
        {
            if (((stageChange && type == "deals") || creation) && r.Owner == owner) yield return chat;
            else if (ownerChange && e.PropertyValue == owner) yield return chat;
        }
    }

    /// <summary>
    /// Feeds the events in batches spread over <paramref name="over"/>, at most 100 per batch, with every
    /// <paramref name="duplicateEvery"/>-th event delivered a second time in a later batch and neighbouring batches
    /// swapped (HubSpot neither orders nor deduplicates). Returns per event the time from its batch's hand-over until
    /// the handler had delivered it.
    /// </summary>
    public async Task<Dictionary<long, TimeSpan>> FeedAsync(IReadOnlyList<HubSpotWebhookEvent> events, TimeSpan over, int duplicateEvery, ConcurrentBag<Exception> failures, Func<int, Task>? beforeBatch = null)
    {
        var random = new Random(7);
        var batches = new List<List<HubSpotWebhookEvent>>();
        for (var i = 0; i < events.Count;)
        {
            var size = random.Next(20, 81);
            batches.Add(events.Skip(i).Take(size).ToList());
            i += size;
        }
        for (var i = 0; i < events.Count; i += duplicateEvery)
        {
            var later = batches[Math.Min(batches.Count - 1, batches.FindIndex(b => b.Contains(events[i])) + 1 + random.Next(3))];
            if (later.Count < 100) later.Add(events[i]);
        }
        for (var i = 0; i + 1 < batches.Count; i += 3) (batches[i], batches[i + 1]) = (batches[i + 1], batches[i]);

        var handedOver = new ConcurrentDictionary<long, TimeSpan>();
        var delivered = new ConcurrentDictionary<long, TimeSpan>();
        var clock = Stopwatch.StartNew();
        var running = new List<Task>();
        for (var i = 0; i < batches.Count; i++)
        {
            var due = over * i / batches.Count;
            if (clock.Elapsed < due) await Task.Delay(due - clock.Elapsed);
            if (beforeBatch is not null) await beforeBatch(i);
            var batch = batches[i];
            foreach (var e in batch) handedOver.TryAdd(e.EventId, clock.Elapsed);
            running.Add(Task.Run(async () =>
            {
                await world.OfferAsync(batch, failures);
                foreach (var e in batch) delivered.TryAdd(e.EventId, clock.Elapsed);
            }));
        }
        await Task.WhenAll(running);
        // From the event's first hand-over until a batch holding it was handled (the handler returns after its sends).
        return delivered.ToDictionary(d => d.Key, d => d.Value - handedOver[d.Key]);
    }
}
