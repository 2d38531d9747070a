using System.Net;
using System.Text.Json.Nodes;
using Bot.Tests.Harness;
using Bot.Tests.Sandbox;

namespace Bot.Tests.Features.Notifications;

/// <summary>The whole way with nothing stood in: the real bot with its own event handler, the sandbox sending signed webhooks to it.</summary>
public sealed class NotificationEndToEndFixture : CrmBotFixture
{
    protected override IDictionary<string, string?> Settings
    {
        get
        {
            var settings = base.Settings;
            settings["Webhooks:VisibilityTimeout"] = "00:00:05";
            settings["Webhooks:MaxPollDelay"] = "00:00:00.100";
            return settings;
        }
    }

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await StartLinkedAsync();
        var (response, _) = await Json.SendAsync(Sandbox.Http, HttpMethod.Post, "/_sandbox/webhooks",
            new { targetUrl = new Uri(BotUrl, "api/hubspot/webhooks").ToString(), batchWindowMs = 50, retryDelayMs = 200 });
        response.EnsureSuccessStatusCode();
    }
}

public sealed class NotificationEndToEndTests(NotificationEndToEndFixture bot) : IClassFixture<NotificationEndToEndFixture>
{
    private const string Changes = "/_sandbox/portals/20260301/changes"; // the demo portal the fixture links

    [Fact]
    public async Task A_deal_moved_in_HubSpot_reaches_the_subscribed_channel_as_a_card_and_a_second_move_updates_it_in_place()
    {
        var world = new NotificationWorld(bot);
        var channel = await world.SubscribeChannelAsync(bot.Editor, new JsonObject { ["kind"] = "Deals" });
        var (created, body) = await Json.SendAsync(bot.Sandbox.Http, HttpMethod.Post, Changes,
            new { objectType = "deals", properties = new { dealname = "Webhook journey", dealstage = "qualifiedtobuy", pipeline = "default", amount = 4200 } });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var dealId = body.GetProperty("id").GetString()!;
        var connector = bot.Teams.Connector;

        var posted = await connector.WaitForMessageAsync(channel.Id, c => c.VisibleText.Contains("Webhook journey", StringComparison.Ordinal), TimeSpan.FromSeconds(30));
        Assert.Contains("New deal", posted.VisibleText, StringComparison.Ordinal);

        var (moved, _) = await Json.SendAsync(bot.Sandbox.Http, HttpMethod.Post, Changes, new { objectType = "deals", objectId = dealId, properties = new { dealstage = "contractsent" } });
        Assert.Equal(HttpStatusCode.OK, moved.StatusCode);
        var updated = await connector.WaitForAsync(c => c.Method == "PUT" && c.Path.Contains(Uri.EscapeDataString(channel.Id), StringComparison.Ordinal)
            && c.VisibleText.Contains("Qualified To Buy → Contract Sent", StringComparison.Ordinal), TimeSpan.FromSeconds(30));

        // The sandbox attributes UI changes to its super admin, user 9000001, whose owner record is Megan Bowen.
        Assert.Contains("by Megan Bowen in HubSpot", updated.VisibleText, StringComparison.Ordinal);
        // The portal's currency and time zone (the fixture links a GBP portal in Europe/London), not raw values or UTC.
        Assert.Contains("£4,200.00", updated.VisibleText, StringComparison.Ordinal);
        Assert.Contains("Europe/London", updated.VisibleText, StringComparison.Ordinal);
        Assert.Contains("2 changes", updated.VisibleText, StringComparison.Ordinal);
        Assert.Contains($"/record/0-3/{dealId}", updated.Card!.ToJsonString(), StringComparison.Ordinal);
        Assert.Single(connector.Calls, c => c.Method == "POST" && c.Path.Contains(Uri.EscapeDataString(channel.Id), StringComparison.Ordinal) && c.VisibleText.Contains("Webhook journey", StringComparison.Ordinal));
    }
}
