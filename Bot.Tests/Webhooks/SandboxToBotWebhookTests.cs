using System.Net;
using System.Text.Json;
using Bot.Tests.Harness;
using Bot.Tests.Reliability;
using Bot.Tests.Sandbox;
using Xunit.Abstractions;

namespace Bot.Tests.Webhooks;

/// <summary>
/// The sandbox's webhooks into the real bot: a deal moved "in HubSpot" reaches the handler for the linked tenant, and
/// with the fault plan duplicating, reordering, delaying and re-sending batches every event still reaches it exactly once.
/// </summary>
public sealed class SandboxToBotWebhookTests(SandboxWebhookBotFixture bot, ITestOutputHelper output) : IClassFixture<SandboxWebhookBotFixture>
{
    private const string Changes = "/_sandbox/portals/20260301/changes"; // the demo portal, SandboxHost.DemoPortalId

    [Fact]
    public async Task Moving_a_deal_stage_in_HubSpot_reaches_the_handler_for_the_linked_tenant()
    {
        var deal = (await DealsAsync())[0];
        var target = deal.Stage == "contractsent" ? "qualifiedtobuy" : "contractsent";
        var (changed, _) = await Json.SendAsync(bot.Sandbox.Http, HttpMethod.Post, Changes, new { objectType = "deals", objectId = deal.Id, properties = new { dealstage = target } });
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);

        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (!bot.Handler.Events.Any(e => e.Event.ObjectId == deal.Id && e.Event.PropertyName == "dealstage" && e.Event.PropertyValue == target))
        {
            Assert.True(DateTime.UtcNow < deadline, "The stage change never reached the handler.");
            await Task.Delay(100);
        }
        var handed = bot.Handler.Events.Last(e => e.Event.ObjectId == deal.Id && e.Event.PropertyName == "dealstage");
        Assert.Equal(ChannelSimulator.BotTenantId, handed.TenantId);
        Assert.Equal("deal.propertyChange", handed.Event.SubscriptionType);
        Assert.Equal("CRM_UI", handed.Event.ChangeSource);
        Assert.Equal(SandboxHost.DemoPortalId, handed.Event.PortalId);
    }

    [Fact]
    public async Task Duplicated_reordered_delayed_and_re_sent_batches_give_each_event_to_the_handler_exactly_once()
    {
        var (set, _) = await Json.SendAsync(bot.Sandbox.Http, HttpMethod.Post, "/_sandbox/webhooks",
            new { maxBatchSize = 10, faults = new { seed = FaultSeeds.From("RELIABILITY_FAULTS_SEED", 18), duplicateRate = 0.4, reorderRate = 0.3, retryRate = 0.3, delayRate = 0.2, delayMs = 400 } });
        Assert.Equal(HttpStatusCode.OK, set.StatusCode);
        await Json.SendAsync(bot.Sandbox.Http, HttpMethod.Delete, "/_sandbox/webhooks/deliveries");
        try
        {
            var created = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => Json.SendAsync(bot.Sandbox.Http, HttpMethod.Post, Changes,
                new { objectType = "deals", properties = new { dealname = $"Webhook storm {i}", dealstage = "appointmentscheduled", amount = 500 } })));
            Assert.All(created, c => Assert.Equal(HttpStatusCode.Created, c.Response.StatusCode));
            var deals = created.Select(c => c.Body.GetProperty("id").GetString()).ToList();
            string[] stages = ["qualifiedtobuy", "presentationscheduled", "contractsent"];
            foreach (var round in stages)
            {
                await Task.WhenAll(deals.Select(d => Json.SendAsync(bot.Sandbox.Http, HttpMethod.Post, Changes,
                    new { objectType = "deals", objectId = d, properties = new { dealstage = round, amount = Random.Shared.Next(1000, 9000) } })));
            }

            // Every event the sandbox sent (from its delivery log, once it has nothing outstanding).
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
            JsonElement log;
            while (true)
            {
                (_, log) = await Json.SendAsync(bot.Sandbox.Http, HttpMethod.Get, "/_sandbox/webhooks/deliveries");
                if (log.GetProperty("outstanding").GetInt32() == 0) break;
                Assert.True(DateTime.UtcNow < deadline, "The sandbox never finished sending.");
                await Task.Delay(200);
            }
            var deliveries = log.GetProperty("deliveries").EnumerateArray().ToList();
            var sent = deliveries.SelectMany(d => d.GetProperty("eventIds").EnumerateArray().Select(e => e.GetInt64())).ToList();
            var eventIds = sent.Distinct().ToList();
            Assert.Equal(20 + 20 * 3 * 2, eventIds.Count); // creations, then a stage and an amount change per deal per round

            await bot.Handler.WaitForAsync(eventIds, TimeSpan.FromSeconds(60));
            await Task.Delay(TimeSpan.FromSeconds(7)); // past a redelivery, had there been one
            var duplicated = eventIds.Count(id => bot.Handler.TimesHandled(id) > 1);
            var lost = eventIds.Count(id => bot.Handler.TimesHandled(id) == 0);
            var line = ReliabilitySummary.Record("faults: sandbox webhooks → bot", sent.Count, sent.Count - eventIds.Count, lost + duplicated,
                $"{eventIds.Count} events, {deliveries.Count} POSTs, {duplicated} handled twice, {lost} lost");
            output.WriteLine(line);
            Assert.Equal(0, lost);
            Assert.Equal(0, duplicated);
        }
        finally
        {
            await Json.SendAsync(bot.Sandbox.Http, HttpMethod.Post, "/_sandbox/webhooks", new { maxBatchSize = 100, faults = new { } });
        }
    }

    private async Task<List<(long Id, string Stage)>> DealsAsync()
    {
        var (_, body) = await Json.SendAsync(bot.Sandbox.Http, HttpMethod.Get, $"/_sandbox/portals/{SandboxHost.DemoPortalId}/objects/deals");
        return body.GetProperty("results").EnumerateArray()
            .Select(d => (long.Parse(d.GetProperty("id").GetString()!, System.Globalization.CultureInfo.InvariantCulture), d.Prop("dealstage"))).ToList();
    }
}
