using System.Text.Json.Nodes;
using Bot.Tests.Harness;
using HubSpotTeamsBot.Features.Notifications;
using Microsoft.Extensions.DependencyInjection;

namespace Bot.Tests.Features.Notifications;

/// <summary>Subscriptions managed from Teams: who may subscribe a conversation, what is stored, the list and its Remove buttons.</summary>
public sealed class NotificationSubscriptionTests(CrmBotFixture bot) : IClassFixture<CrmBotFixture>
{
    private NotificationSubscriptionStore Store => bot.Host.Services.GetRequiredService<NotificationSubscriptionStore>();

    [Fact]
    public async Task An_editor_subscribes_a_channel_to_deals_with_filters_sees_it_listed_and_removes_it()
    {
        await bot.StartLinkedAsync();
        var world = new NotificationWorld(bot);
        var channel = TeamsConversation.Channel(bot.Editor.TenantId);

        var form = await bot.Teams.SayAsync(channel, bot.Editor, "notify deals", mentionBot: true);
        var inputs = form.Card!["body"]!.AsArray().Where(b => b?["type"]?.GetValue<string>()?.StartsWith("Input.", StringComparison.Ordinal) == true).Select(b => b!["id"]!.GetValue<string>());
        Assert.Equal(["pipeline", "stage", "minAmount", "owner"], inputs);
        Assert.Contains("Sales Pipeline › Contract Sent", form.VisibleText, StringComparison.Ordinal);

        var wrong = await world.SubmitAsync(channel, bot.Editor, new JsonObject { ["kind"] = "Deals", ["stage"] = "default/contractsent", ["minAmount"] = "lots" });
        Assert.Contains("must be a number", wrong.VisibleText, StringComparison.Ordinal);
        var mismatch = await world.SubmitAsync(channel, bot.Editor, new JsonObject { ["kind"] = "Deals", ["pipeline"] = "1100000", ["stage"] = "default/contractsent" });
        Assert.Contains("stage of the chosen pipeline", mismatch.VisibleText, StringComparison.Ordinal);
        Assert.DoesNotContain(await Store.ListAsync(bot.Editor.TenantId), s => s.ConversationId == channel.Id);

        var done = await world.SubmitAsync(channel, bot.Editor, new JsonObject
        {
            ["kind"] = "Deals", ["stage"] = "default/contractsent", ["minAmount"] = "25000", ["owner"] = NotificationWorld.MeganOwner,
        });
        Assert.Contains("Subscribed this conversation", done.VisibleText, StringComparison.Ordinal);
        var stored = Assert.Single(await Store.ListAsync(bot.Editor.TenantId), s => s.ConversationId == channel.Id);
        Assert.Equal((SubscriptionKind.Deals, "default", "contractsent", 25000m, NotificationWorld.MeganOwner),
            (stored.Kind, stored.PipelineId, stored.StageId, stored.MinAmount, stored.OwnerId));
        Assert.Equal(bot.Teams.ServiceUrl, stored.ServiceUrl);

        var list = await bot.Teams.SayAsync(channel, bot.Viewer, "notify list", mentionBot: true);
        Assert.Contains("entering **Contract Sent**", list.VisibleText, StringComparison.Ordinal);
        Assert.Contains("amount ≥ 25,000", list.VisibleText, StringComparison.Ordinal);
        Assert.Contains("Megan Bowen", list.VisibleText, StringComparison.Ordinal);
        var remove = FindAction(list.Card!, "Remove");

        // A viewer may read the list but not remove a channel's subscription, crafted submit or not.
        var refused = await Submit(channel, bot.Viewer, remove["data"]!.AsObject());
        Assert.Contains("Only people who may edit", refused.VisibleText, StringComparison.Ordinal);
        Assert.Single(await Store.ListAsync(bot.Editor.TenantId), s => s.ConversationId == channel.Id);

        // Nor can the id be replayed from another conversation.
        var elsewhere = await Submit(TeamsConversation.Channel(bot.Editor.TenantId), bot.Editor, remove["data"]!.AsObject());
        Assert.Contains("not in this conversation", elsewhere.VisibleText, StringComparison.Ordinal);

        var removed = await Submit(channel, bot.Editor, remove["data"]!.AsObject());
        Assert.Contains("Removed", removed.VisibleText, StringComparison.Ordinal);
        Assert.DoesNotContain(await Store.ListAsync(bot.Editor.TenantId), s => s.ConversationId == channel.Id);
        var empty = await bot.Teams.SayAsync(channel, bot.Editor, "notify list", mentionBot: true);
        Assert.Contains("None yet", empty.VisibleText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_viewer_cannot_subscribe_a_channel_even_with_a_crafted_submit()
    {
        await bot.StartLinkedAsync();
        var world = new NotificationWorld(bot);
        var channel = TeamsConversation.Channel(bot.Viewer.TenantId);

        var typed = await bot.Teams.SayAsync(channel, bot.Viewer, "notify contacts", mentionBot: true);
        var crafted = await world.SubmitAsync(channel, bot.Viewer, new JsonObject { ["kind"] = "Contacts" });

        Assert.Contains("Only people who may edit", typed.VisibleText, StringComparison.Ordinal);
        Assert.Contains("Only people who may edit", crafted.VisibleText, StringComparison.Ordinal);
        Assert.DoesNotContain(await Store.ListAsync(bot.Viewer.TenantId), s => s.ConversationId == channel.Id);
    }

    [Fact]
    public async Task Notify_me_works_in_a_personal_chat_with_the_owner_found_by_email_and_only_there()
    {
        await bot.StartLinkedAsync();
        var channel = TeamsConversation.Channel(bot.Admin.TenantId);
        var inChannel = await bot.Teams.SayAsync(channel, bot.Admin, "notify me", mentionBot: true);
        Assert.Contains("personal chat", inChannel.VisibleText, StringComparison.Ordinal);

        var chat = TeamsConversation.Personal(bot.Admin);
        var answer = await bot.Teams.SayAsync(chat, bot.Admin, "notify me");
        var again = await bot.Teams.SayAsync(chat, bot.Admin, "notify me");

        Assert.Contains("Megan Bowen", answer.VisibleText, StringComparison.Ordinal);
        Assert.Contains("already subscribed", again.VisibleText, StringComparison.Ordinal);
        var stored = Assert.Single(await Store.ListAsync(bot.Admin.TenantId), s => s.Kind == SubscriptionKind.Personal && s.UserAadObjectId == bot.Admin.AadObjectId);
        Assert.Equal((NotificationWorld.MeganOwner, chat.Id, "personal"), (stored.OwnerId, stored.ConversationId, stored.ConversationType));
    }

    private async Task<ConnectorCall> Submit(TeamsConversation conversation, TeamsUser who, JsonObject data)
    {
        var before = bot.Teams.Connector.Calls.Count;
        using var response = await bot.Teams.PostAsync(Activities.CardSubmit(bot.Teams.ServiceUrl, conversation, who, data.DeepClone().AsObject()));
        Assert.Equal(System.Net.HttpStatusCode.Accepted, response.StatusCode);
        return await bot.Teams.Connector.WaitForMessageAsync(conversation.Id, c => bot.Teams.Connector.Calls.ToList().IndexOf(c) >= before);
    }

    private static JsonObject FindAction(JsonNode card, string title) => card switch
    {
        _ when Find(card, title) is { } found => found,
        _ => throw new Xunit.Sdk.XunitException($"no '{title}' action in {card.ToJsonString()}"),
    };

    private static JsonObject? Find(JsonNode? node, string title) => node switch
    {
        JsonObject o when o["type"]?.GetValue<string>()?.StartsWith("Action.", StringComparison.Ordinal) == true && o["title"]?.GetValue<string>() == title => o,
        JsonObject o => o.Select(p => Find(p.Value, title)).FirstOrDefault(f => f is not null),
        JsonArray a => a.Select(n => Find(n, title)).FirstOrDefault(f => f is not null),
        _ => null,
    };
}
