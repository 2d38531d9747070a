using System.Text.Json.Nodes;
using Bot.Tests.Harness;
using HubSpotTeamsBot.Webhooks;

namespace Bot.Tests.Features.Notifications;

/// <summary>"Who changed it" on a notification card: a HubSpot user by name (read from the sandbox's owners API by user id), this bot's own writes as this bot, another app by its id.</summary>
public sealed class ChangeAuthorTests(CrmBotFixture bot) : IClassFixture<CrmBotFixture>
{
    [Fact]
    public async Task A_card_names_the_HubSpot_user_this_bot_or_the_other_app_that_made_the_change()
    {
        var world = new NotificationWorld(bot);
        await world.LinkAsync();
        var channel = await world.SubscribeChannelAsync(bot.Editor, new JsonObject { ["kind"] = "Deals" });
        var ids = await world.CreateAsync("deals", Enumerable.Range(0, 4).Select(i => new Dictionary<string, string>
        {
            ["dealname"] = $"Authored {i}", ["pipeline"] = "default", ["dealstage"] = "qualifiedtobuy", ["amount"] = "10",
        }).ToList());
        var now = DateTimeOffset.UtcNow;
        HubSpotWebhookEvent Created(int i, string source, string sourceId) => world.Event("deal.creation", ids[i], now) with { ChangeSource = source, SourceId = sourceId };

        await world.OfferAsync([
            Created(0, "CRM_UI", "userId:9000003"), // Adele Vance's user id in the sandbox
            Created(1, "INTEGRATION", "42"), // the events' own app: this bot
            Created(2, "INTEGRATION", "777"),
            Created(3, "CRM_UI", "userId:9999999"), // no such user: the id, not a failed batch
        ]);

        string CardOf(int i) => bot.Teams.Connector.Calls.Single(c => c.Method == "POST" && c.Path.Contains(Uri.EscapeDataString(channel.Id), StringComparison.Ordinal)
            && c.VisibleText.Contains($"Authored {i}", StringComparison.Ordinal)).VisibleText;
        Assert.Contains("by Adele Vance in HubSpot", CardOf(0), StringComparison.Ordinal);
        Assert.DoesNotContain("9000003", CardOf(0), StringComparison.Ordinal);
        Assert.Contains("by this Teams bot", CardOf(1), StringComparison.Ordinal);
        Assert.Contains("by the integration app 777", CardOf(2), StringComparison.Ordinal);
        Assert.Contains("by HubSpot user 9999999 in HubSpot", CardOf(3), StringComparison.Ordinal);
    }
}
