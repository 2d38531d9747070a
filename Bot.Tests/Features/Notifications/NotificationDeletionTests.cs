using System.Text.Json.Nodes;
using Bot.Tests.Harness;

namespace Bot.Tests.Features.Notifications;

/// <summary>A record deleted in HubSpot: the cards the bot posted for it become a short "deleted in HubSpot" card, once.</summary>
public sealed class NotificationDeletionTests(CrmBotFixture bot) : IClassFixture<CrmBotFixture>
{
    [Fact]
    public async Task The_cards_of_a_deleted_deal_are_updated_in_place_to_say_so_once_in_every_conversation()
    {
        var world = new NotificationWorld(bot);
        await world.LinkAsync();
        var first = await world.SubscribeChannelAsync(bot.Editor, new JsonObject { ["kind"] = "Deals" });
        var second = await world.SubscribeChannelAsync(bot.Admin, new JsonObject { ["kind"] = "Deals", ["pipeline"] = "default" });
        var ids = await world.CreateAsync("deals", [new() { ["dealname"] = "Soon gone", ["pipeline"] = "default", ["dealstage"] = "qualifiedtobuy", ["amount"] = "10" }]);
        await world.OfferAsync([world.Event("deal.creation", ids[0], DateTimeOffset.UtcNow)]);
        var connector = bot.Teams.Connector;
        var before = connector.Calls.Count;

        var deletion = world.Event("deal.deletion", ids[0], DateTimeOffset.UtcNow);
        await world.OfferAsync([deletion]);
        await world.OfferAsync([deletion]);

        var updates = connector.Calls.Skip(before).Where(c => c.Method == "PUT").ToList();
        Assert.Equal(2, updates.Count);
        Assert.All(updates, u => Assert.Contains($"Deal {ids[0]} was deleted in HubSpot", u.VisibleText, StringComparison.Ordinal));
        Assert.Contains(updates, u => u.Path.Contains(Uri.EscapeDataString(first.Id), StringComparison.Ordinal));
        Assert.Contains(updates, u => u.Path.Contains(Uri.EscapeDataString(second.Id), StringComparison.Ordinal));
        Assert.DoesNotContain(connector.Calls.Skip(before), c => c.Method == "POST" && (c.Path.Contains(Uri.EscapeDataString(first.Id), StringComparison.Ordinal) || c.Path.Contains(Uri.EscapeDataString(second.Id), StringComparison.Ordinal)));
    }
}
