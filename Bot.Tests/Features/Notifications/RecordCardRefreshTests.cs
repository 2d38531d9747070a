using System.Net;
using System.Text.Json.Nodes;
using Bot.Tests.Features.Deals;
using Bot.Tests.Harness;
using Bot.Tests.Sandbox;
using HubSpotTeamsBot.Features.Deals;
using HubSpotTeamsBot.Features.Notifications;
using Microsoft.Extensions.DependencyInjection;

namespace Bot.Tests.Features.Notifications;

/// <summary>
/// Record cards stay current, over real HTTP with the sandbox sending signed webhooks to the bot: a posted deal card
/// carries a refresh, its place is remembered, a stage moved in HubSpot updates it in place (PUT) and a deletion turns
/// it into "deleted in HubSpot"; the refresh invoke answers today's card.
/// </summary>
public sealed class RecordCardRefreshTests(NotificationEndToEndFixture bot) : IClassFixture<NotificationEndToEndFixture>
{
    private const string Changes = "/_sandbox/portals/20260301/changes"; // the demo portal the fixture links

    [Fact]
    public async Task A_deal_card_posted_from_a_dialog_is_updated_in_place_when_the_deal_moves_in_HubSpot_and_when_it_is_deleted()
    {
        var flow = await CrmFlow.StartAsync(bot, bot.Editor);
        var ada = await flow.Crm.GetContactByEmailAsync(CrmFlow.TenantId, "ada@example.com");
        var dialog = FormCards.DialogCard(await flow.FetchAsync(DealVerbs.Create, new JsonObject { ["contactId"] = ada!.Id }));
        var name = $"Kept {Guid.NewGuid():N}"[..20];
        await flow.SubmitAsync(FormCards.Click(dialog, "Create deal", (DealFields.Name, name), (DealFields.Stage, "default|qualifiedtobuy")));
        var posted = await flow.PostedCardAsync(name);
        var id = Assert.Single(await flow.StoredAsync("deals", "dealname", name)).GetProperty("id").GetString()!;

        var refresh = posted.Card!["refresh"]!;
        Assert.Equal("Action.Execute", refresh["action"]!["type"]!.GetValue<string>());
        Assert.Equal("record.refresh", refresh["action"]!["verb"]!.GetValue<string>());
        Assert.Equal("deals", refresh["action"]!["data"]!["recordType"]!.GetValue<string>());
        Assert.Equal(id, refresh["action"]!["data"]!["recordId"]!.GetValue<string>());
        Assert.Null(refresh["userIds"]); // a personal chat: everyone in it refreshes
        var place = await PlaceAsync(id);
        Assert.Equal(flow.Conversation.Id, place.ConversationId);

        var (moved, _) = await Json.SendAsync(bot.Sandbox.Http, HttpMethod.Post, Changes, new { objectType = "deals", objectId = id, properties = new { dealstage = "contractsent" } });
        Assert.Equal(HttpStatusCode.OK, moved.StatusCode);
        var connector = bot.Teams.Connector;
        var activityPath = $"/activities/{Uri.EscapeDataString(place.ActivityId)}";
        var updated = await connector.WaitForAsync(c => c.Method == "PUT" && c.Path.Contains(Uri.EscapeDataString(flow.Conversation.Id), StringComparison.Ordinal)
            && c.Path.EndsWith(activityPath, StringComparison.Ordinal) && c.VisibleText.Contains("Contract Sent", StringComparison.Ordinal), TimeSpan.FromSeconds(30));
        Assert.Contains(name, updated.VisibleText, StringComparison.Ordinal);
        Assert.Equal("record.refresh", updated.Card!["refresh"]!["action"]!["verb"]!.GetValue<string>());
        Assert.Single(connector.Calls, c => c.Method == "POST" && c.Path.Contains(Uri.EscapeDataString(flow.Conversation.Id), StringComparison.Ordinal) && c.VisibleText.Contains(name, StringComparison.Ordinal));

        var (deleted, _) = await Json.SendAsync(bot.Sandbox.Http, HttpMethod.Post, Changes, new { objectType = "deals", objectId = id, delete = true });
        Assert.True(deleted.IsSuccessStatusCode, deleted.StatusCode.ToString());
        var gone = await connector.WaitForAsync(c => c.Method == "PUT" && c.Path.EndsWith(activityPath, StringComparison.Ordinal)
            && c.VisibleText.Contains($"Deal {id} was deleted in HubSpot", StringComparison.Ordinal), TimeSpan.FromSeconds(30));
        Assert.Null(gone.Card!["refresh"]);
    }

    [Fact]
    public async Task The_refresh_invoke_answers_the_card_as_HubSpot_has_it_now_naming_the_user_in_a_large_chat_and_remembers_the_card()
    {
        await bot.LinkPortalAsync();
        var (created, body) = await Json.SendAsync(bot.Sandbox.Http, HttpMethod.Post, Changes,
            new { objectType = "deals", properties = new { dealname = "Refreshed deal", dealstage = "qualifiedtobuy", pipeline = "default", amount = 700 } });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = body.GetProperty("id").GetString()!;
        var chat = TeamsConversation.GroupChat(bot.Editor.TenantId);
        bot.Teams.Connector.SetRoster(chat.Id, Enumerable.Range(0, 61).Select(i => (i == 0 ? bot.Editor : TeamsUser.New($"Member {i}"), "user")).ToArray());

        var first = await RefreshAsync(chat, bot.Editor, id, "activity-first");
        Assert.Contains("Qualified To Buy", Visible(first), StringComparison.Ordinal);
        Assert.Equal([bot.Editor.Id], first["refresh"]!["userIds"]!.AsArray().Select(u => u!.GetValue<string>()));
        Assert.Contains(first["actions"]!.AsArray(), a => a!["title"]!.GetValue<string>() == "Edit");

        var (moved, _) = await Json.SendAsync(bot.Sandbox.Http, HttpMethod.Post, Changes, new { objectType = "deals", objectId = id, properties = new { dealstage = "contractsent" } });
        Assert.Equal(HttpStatusCode.OK, moved.StatusCode);
        var second = await RefreshAsync(chat, bot.Viewer, id, "activity-first");
        Assert.Contains("Contract Sent", Visible(second), StringComparison.Ordinal);
        // A Viewer's own refresh shows no buttons they could not use.
        Assert.DoesNotContain(second["actions"]!.AsArray(), a => a!["title"]!.GetValue<string>() == "Edit");

        var place = await PlaceAsync(id);
        Assert.Equal(chat.Id, place.ConversationId);
        Assert.Equal("activity-first", place.ActivityId);

        var (status, bad) = await bot.Teams.InvokeAsync(Activities.AdaptiveCardAction(bot.Teams.ServiceUrl, chat, bot.Editor, "record.refresh",
            new JsonObject { ["recordType"] = "tasks", ["recordId"] = "../1" }));
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(400, bad!["statusCode"]!.GetValue<int>());
        Assert.Equal("application/vnd.microsoft.error", bad["type"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_refreshed_deal_card_has_the_posted_cards_buttons_for_an_editor_and_only_Open_in_HubSpot_for_a_viewer()
    {
        var flow = await CrmFlow.StartAsync(bot, bot.Editor);
        var ada = await flow.Crm.GetContactByEmailAsync(CrmFlow.TenantId, "ada@example.com");
        var dialog = FormCards.DialogCard(await flow.FetchAsync(DealVerbs.Create, new JsonObject { ["contactId"] = ada!.Id }));
        var name = $"Buttons {Guid.NewGuid():N}"[..20];
        await flow.SubmitAsync(FormCards.Click(dialog, "Create deal", (DealFields.Name, name), (DealFields.Stage, "default|qualifiedtobuy")));
        var posted = await flow.PostedCardAsync(name);
        var id = Assert.Single(await flow.StoredAsync("deals", "dealname", name)).GetProperty("id").GetString()!;
        var postedButtons = Buttons(posted.Card!);
        Assert.Equal(["Open in HubSpot", "Edit", "Log activity", "Move stage"], postedButtons.Select(b => b.Title));

        // The card shared into a chat where both read it: each reader's refresh shows the buttons of their own role.
        var chat = TeamsConversation.GroupChat(bot.Editor.TenantId);
        bot.Teams.Connector.SetRoster(chat.Id, (bot.Editor, "user"), (bot.Viewer, "user"));
        var editors = await RefreshAsync(chat, bot.Editor, id, "activity-buttons");
        var viewers = await RefreshAsync(chat, bot.Viewer, id, "activity-buttons");

        // The same buttons with the same verbs and data: each opens the same dialog for the same deal.
        Assert.Equal(postedButtons, Buttons(editors));
        Assert.Equal(["Open in HubSpot"], Buttons(viewers).Select(b => b.Title));
    }

    private static List<(string Title, string? Verb, string? RecordId)> Buttons(JsonObject card) =>
        card["actions"]!.AsArray().Select(a => (a!["title"]!.GetValue<string>(), a["data"]?["verb"]?.GetValue<string>(), a["data"]?["recordId"]?.GetValue<string>())).ToList();

    private async Task<JsonObject> RefreshAsync(TeamsConversation chat, TeamsUser who, string id, string replyToId)
    {
        var invoke = Activities.AdaptiveCardAction(bot.Teams.ServiceUrl, chat, who, "record.refresh", new JsonObject { ["recordType"] = "deals", ["recordId"] = id });
        invoke["replyToId"] = replyToId;
        invoke["value"]!["trigger"] = "automatic";
        var (status, body) = await bot.Teams.InvokeAsync(invoke);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(200, body!["statusCode"]!.GetValue<int>());
        Assert.Equal("application/vnd.microsoft.card.adaptive", body["type"]!.GetValue<string>());
        return body["value"]!.AsObject();
    }

    private static string Visible(JsonObject card) => new ConnectorCall("PUT", "", null, new JsonObject
    {
        ["attachments"] = new JsonArray(new JsonObject { ["contentType"] = "application/vnd.microsoft.card.adaptive", ["content"] = card.DeepClone() }),
    }).VisibleText;

    /// <summary>The remembered place of the deal's card (written right after Teams took it; polled briefly).</summary>
    private async Task<RecordCardPlace> PlaceAsync(string dealId)
    {
        var places = bot.Host.Services.GetRequiredService<RecordCardPlaces>();
        for (var attempt = 0; ; attempt++)
        {
            var found = await places.ListAsync(ChannelSimulator.BotTenantId, CrmFlow.PortalId, "deals", dealId);
            if (found.Count > 0 || attempt >= 50) return Assert.Single(found);
            await Task.Delay(100);
        }
    }
}
