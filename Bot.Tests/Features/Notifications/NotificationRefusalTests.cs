using System.Text.Json.Nodes;
using Bot.Tests.Harness;
using HubSpotTeamsBot.Features.Notifications;
using Microsoft.Extensions.DependencyInjection;

namespace Bot.Tests.Features.Notifications;

/// <summary>
/// Teams refusing the bot for good (removed from the team: 403; chat gone: 404 ConversationNotFound; user blocked the
/// bot: 403 MessageWritesBlocked): the subscriptions there are disabled, admins told once, never tried again, and
/// <c>status</c> shows why.
/// </summary>
public sealed class NotificationRefusalTests(CrmBotFixture bot) : IClassFixture<CrmBotFixture>
{
    private const string RemovedFromTeam = """{"error":{"code":"BotNotInConversationRoster","message":"The bot is not part of the conversation roster."}}""";
    private const string ChatGone = """{"error":{"code":"ConversationNotFound","message":"Conversation not found."}}""";

    [Theory]
    [InlineData(403, RemovedFromTeam, false)]
    [InlineData(404, ChatGone, true)]
    public async Task A_conversation_Teams_refuses_for_good_is_disabled_admins_are_told_and_it_is_not_tried_again(int status, string body, bool personal)
    {
        var world = new NotificationWorld(bot);
        await world.LinkAsync();
        var adminChat = TeamsConversation.Personal(bot.Admin);
        await bot.Teams.SayAsync(adminChat, bot.Admin, "help");
        var target = personal
            ? await world.SubscribeMeAsync(bot.Editor)
            : await world.SubscribeChannelAsync(bot.Editor, new JsonObject { ["kind"] = "Deals" });
        var ids = await world.CreateAsync("deals", [Deal("Refused 1"), Deal("Refused 2")]);
        var connector = bot.Teams.Connector;
        var before = connector.Calls.Count;

        connector.FailNext(status, body);
        await world.OfferAsync([world.Event("deal.creation", ids[0], DateTimeOffset.UtcNow)]);
        var told = await connector.WaitForMessageAsync(adminChat.Id, c => connector.Calls.ToList().IndexOf(c) >= before && c.VisibleText.Contains("notifications stopped", StringComparison.Ordinal));
        await world.OfferAsync([world.Event("deal.creation", ids[1], DateTimeOffset.UtcNow)]);
        await world.OfferAsync([world.Event("deal.propertyChange", ids[0], DateTimeOffset.UtcNow, "dealstage", "contractsent")]);

        Assert.Contains(status.ToString(System.Globalization.CultureInfo.InvariantCulture), told.VisibleText, StringComparison.Ordinal);
        var stored = Assert.Single(await bot.Host.Services.GetRequiredService<NotificationSubscriptionStore>().ListAsync(bot.Editor.TenantId), s => s.ConversationId == target.Id);
        Assert.False(stored.IsActive);
        // One attempt only: the refused one. Nothing after it went to that conversation.
        Assert.Single(connector.Calls.Skip(before), c => c.Path.Contains(Uri.EscapeDataString(target.Id), StringComparison.Ordinal));
        Assert.Single(connector.Calls.Skip(before), c => c.VisibleText.Contains("notifications stopped", StringComparison.Ordinal));

        var statusCards = await StatusAsync(adminChat);
        Assert.Contains("Disabled", statusCards, StringComparison.Ordinal);
        Assert.Contains(body.Contains("ConversationNotFound", StringComparison.Ordinal) ? "ConversationNotFound" : "BotNotInConversationRoster", statusCards, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_card_Teams_refuses_as_malformed_is_recorded_for_status_and_not_retried()
    {
        var world = new NotificationWorld(bot);
        await world.LinkAsync();
        var adminChat = TeamsConversation.Personal(bot.Admin);
        await bot.Teams.SayAsync(adminChat, bot.Admin, "help");
        var channel = await world.SubscribeChannelAsync(bot.Editor, new JsonObject { ["kind"] = "Deals", ["minAmount"] = "777777" });
        var ids = await world.CreateAsync("deals", [Deal("Bad request", amount: "777777")]);
        var connector = bot.Teams.Connector;
        var before = connector.Calls.Count;

        connector.FailNext(400, """{"error":{"code":"BadArgument","message":"Unknown attachment."}}""");
        var creation = world.Event("deal.creation", ids[0], DateTimeOffset.UtcNow);
        await world.OfferAsync([creation]);
        await world.OfferAsync([creation]);

        Assert.Single(connector.Calls.Skip(before), c => c.Path.Contains(Uri.EscapeDataString(channel.Id), StringComparison.Ordinal));
        var subscription = Assert.Single(await bot.Host.Services.GetRequiredService<NotificationSubscriptionStore>().ListAsync(bot.Editor.TenantId), s => s.ConversationId == channel.Id);
        Assert.True(subscription.IsActive);
        Assert.Contains("BadArgument", await StatusAsync(adminChat), StringComparison.Ordinal);
    }

    private async Task<string> StatusAsync(TeamsConversation adminChat)
    {
        var before = bot.Teams.Connector.Calls.Count;
        await bot.Teams.SayAsync(adminChat, bot.Admin, "status");
        var section = await bot.Teams.Connector.WaitForMessageAsync(adminChat.Id, c => bot.Teams.Connector.Calls.ToList().IndexOf(c) >= before && c.VisibleText.Contains("🔔 Notifications", StringComparison.Ordinal));
        return section.VisibleText;
    }

    private static Dictionary<string, string> Deal(string name, string owner = NotificationWorld.AlexOwner, string amount = "1000") => new()
    {
        ["dealname"] = name,
        ["amount"] = amount,
        ["pipeline"] = "default",
        ["dealstage"] = "appointmentscheduled",
        ["hubspot_owner_id"] = owner,
    };
}
