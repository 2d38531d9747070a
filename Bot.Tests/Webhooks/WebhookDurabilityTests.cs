using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Azure.Data.Tables;
using Bot.Tests.Harness;
using HubSpotTeamsBot.Storage;
using HubSpotTeamsBot.Webhooks;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Bot.Tests.Webhooks;

/// <summary>
/// What HubSpot's delivery does to the bot — redelivery, duplicates, reordering — and what a crash does: an accepted
/// event reaches the handler exactly once after it succeeded, in occurredAt order within a batch; a failing handler
/// gets the events again; one that never succeeds ends in the poison table with an audit row.
/// </summary>
public sealed class WebhookDurabilityTests(WebhookCluster cluster, ITestOutputHelper output) : IClassFixture<WebhookCluster>
{
    private const long Portal = WebhookBotFixture.PortalId;

    /// <summary>Long enough for a redelivery (visibility timeout 3 s) to have happened if it were going to.</summary>
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(7);

    private static string Prefix() => "wh" + Guid.NewGuid().ToString("N")[..10];

    [Fact]
    public async Task A_batch_accepted_by_an_instance_that_died_before_its_worker_ran_is_handled_once_after_restart()
    {
        var prefix = Prefix();
        var events = Enumerable.Range(0, 5).Select(_ => SignedWebhooks.Event(Portal)).ToArray();
        await using (var first = cluster.StartBot(handler: null, prefix))
        {
            await WebhookBotFixture.LinkAsync(first.Services, ChannelSimulator.BotTenantId, Portal);
            using var response = await first.PostAsync(SignedWebhooks.Body(events));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        var handler = new RecordingEventHandler();
        await using var second = cluster.StartBot(handler, prefix);
        var ids = Ids(events);
        await handler.WaitForAsync(ids);
        await Task.Delay(Settle);
        Assert.All(ids, id => Assert.Equal(1, handler.TimesHandled(id)));
        Assert.All(ids, id => Assert.True(second.Services.GetRequiredService<WebhookEventLog>().IsDoneAsync(ChannelSimulator.BotTenantId, Portal, id).Result));
    }

    [Fact]
    public async Task The_same_batch_delivered_twice_and_reordered_across_two_instances_gives_each_event_once_in_occurred_order()
    {
        var prefix = Prefix();
        var handlerA = new RecordingEventHandler();
        var handlerB = new RecordingEventHandler();
        await using var a = cluster.StartBot(handlerA, prefix);
        await using var b = cluster.StartBot(handlerB, prefix);
        await WebhookBotFixture.LinkAsync(a.Services, ChannelSimulator.BotTenantId, Portal);

        var start = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        // Sent out of order: occurredAt says 2, 0, 1.
        var batch = new[] { SignedWebhooks.Event(Portal, occurredAt: start + 2), SignedWebhooks.Event(Portal, occurredAt: start), SignedWebhooks.Event(Portal, occurredAt: start + 1) };
        var reordered = new[] { batch[2], batch[0], batch[1] };
        var deliveries = new[] { (a, batch), (b, batch), (a, reordered), (b, reordered), (a, new[] { batch[1] }), (b, batch) };
        var sent = await Task.WhenAll(deliveries.Select(async d =>
        {
            using var response = await d.Item1.PostAsync(SignedWebhooks.Body(d.Item2));
            return response.StatusCode;
        }));
        Assert.All(sent, s => Assert.Equal(HttpStatusCode.OK, s));

        var ids = Ids(batch);
        var all = new RecordingEventHandlerPair(handlerA, handlerB);
        await all.WaitForAsync(ids);
        await Task.Delay(Settle);
        var deliveredEvents = deliveries.Sum(d => d.Item2.Length);
        var wrong = ids.Count(id => all.TimesHandled(id) != 1);
        output.WriteLine(Reliability.ReliabilitySummary.Record("faults: hubspot webhooks dup+reorder, 2 inst", deliveredEvents, deliveredEvents - ids.Count, wrong,
            $"{ids.Count} events handled once each"));
        foreach (var id in ids) Assert.Equal(1, all.TimesHandled(id));

        // Every batch the handler got is in occurredAt order.
        foreach (var handed in handlerA.Batches.Concat(handlerB.Batches))
            Assert.Equal(handed.Events.OrderBy(e => e.OccurredAt).Select(e => e.EventId), handed.Events.Select(e => e.EventId));
    }

    [Fact]
    public async Task A_handler_that_fails_gets_the_events_again_and_once_it_succeeds_never_again()
    {
        var prefix = Prefix();
        var handler = new RecordingEventHandler();
        await using var bot = cluster.StartBot(handler, prefix);
        await WebhookBotFixture.LinkAsync(bot.Services, ChannelSimulator.BotTenantId, Portal);
        var events = new[] { SignedWebhooks.Event(Portal), SignedWebhooks.Event(Portal) };
        handler.FailFor(events[0]["eventId"]!.GetValue<long>(), times: 2);

        using (var response = await bot.PostAsync(SignedWebhooks.Body(events))) Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var ids = Ids(events);
        await handler.WaitForAsync(ids, TimeSpan.FromSeconds(40));
        await Task.Delay(Settle);
        Assert.All(ids, id => Assert.Equal(1, handler.TimesHandled(id)));
        var health = bot.Services.GetRequiredService<WebhookReceipts>().Portal(Portal);
        Assert.Equal(4, health.FailedLast24Hours); // two events in each of the two failed offers
        Assert.Equal(nameof(InvalidOperationException), health.LastFailure);
    }

    [Fact]
    public async Task A_batch_the_handler_never_takes_goes_to_the_poison_table_with_an_audit_row_and_leaves_the_queue()
    {
        var prefix = Prefix();
        var handler = new RecordingEventHandler();
        await using var bot = cluster.StartBot(handler, prefix);
        await WebhookBotFixture.LinkAsync(bot.Services, ChannelSimulator.BotTenantId, Portal);
        var doomed = SignedWebhooks.Event(Portal);
        handler.FailFor(doomed["eventId"]!.GetValue<long>(), int.MaxValue);
        using (var response = await bot.PostAsync(SignedWebhooks.Body(doomed))) Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        var audit = bot.Services.GetRequiredService<AuditLog>();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(40);
        AuditEntry? poisoned = null;
        while (poisoned is null && DateTime.UtcNow < deadline)
        {
            await Task.Delay(500);
            poisoned = (await audit.ReadPageAsync(ChannelSimulator.BotTenantId, 50)).Entries.FirstOrDefault(e => e.Action == WebhookPoison.AuditAction);
        }
        Assert.NotNull(poisoned);
        Assert.Contains("3 attempts", poisoned.Detail, StringComparison.Ordinal);

        var rows = new TableServiceClient(cluster.Azurite.ConnectionString).GetTableClient(prefix + WebhookPoison.Table).QueryAsync<TableEntity>();
        var stored = new List<TableEntity>();
        await foreach (var row in rows) stored.Add(row);
        Assert.Contains(stored, r => r.GetString("Batch")!.Contains(doomed["eventId"]!.ToJsonString(), StringComparison.Ordinal));
        await Task.Delay(Settle);
        Assert.Null((await bot.Services.GetRequiredService<WebhookInbox>().Queue.PeekMessageAsync()).Value);
        Assert.Equal(0, handler.TimesHandled(doomed["eventId"]!.GetValue<long>()));
    }

    [Fact]
    public async Task Events_claimed_by_an_instance_that_crashed_mid_handling_are_handled_once_after_its_claims_lapse()
    {
        var prefix = Prefix();
        var events = new[] { SignedWebhooks.Event(Portal), SignedWebhooks.Event(Portal) };
        await using (var crashed = cluster.StartBot(handler: null, prefix))
        {
            await WebhookBotFixture.LinkAsync(crashed.Services, ChannelSimulator.BotTenantId, Portal);
            using (var response = await crashed.PostAsync(SignedWebhooks.Body(events))) Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            // The "crashed" instance had taken the batch and claimed its events, then died without releasing anything.
            var queue = crashed.Services.GetRequiredService<WebhookInbox>().Queue;
            var taken = (await queue.ReceiveMessagesAsync(1, TimeSpan.FromSeconds(3))).Value;
            Assert.Single(taken);
            var log = crashed.Services.GetRequiredService<WebhookEventLog>();
            foreach (var item in events)
            {
                var claim = await log.ClaimAsync(ChannelSimulator.BotTenantId, item.Deserialize<HubSpotWebhookEvent>()!, TimeSpan.FromSeconds(5), CancellationToken.None);
                Assert.Equal(EventClaimStatus.Claimed, claim.Status);
            }
        }

        var handler = new RecordingEventHandler();
        await using var survivor = cluster.StartBot(handler, prefix);
        var ids = Ids(events);
        await handler.WaitForAsync(ids, TimeSpan.FromSeconds(40));
        await Task.Delay(Settle);
        Assert.All(ids, id => Assert.Equal(1, handler.TimesHandled(id)));
    }

    private static List<long> Ids(IEnumerable<JsonObject> events) => events.Select(e => e["eventId"]!.GetValue<long>()).ToList();

    private sealed class RecordingEventHandlerPair(RecordingEventHandler a, RecordingEventHandler b)
    {
        public int TimesHandled(long id) => a.TimesHandled(id) + b.TimesHandled(id);

        public async Task WaitForAsync(IReadOnlyCollection<long> ids)
        {
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
            while (ids.Any(id => TimesHandled(id) == 0))
            {
                if (DateTime.UtcNow > deadline) throw new TimeoutException("Not every event was handled.");
                await Task.Delay(50);
            }
        }
    }
}
