using System.Net;
using System.Text.Json.Nodes;
using Bot.Tests.Harness;
using HubSpotTeamsBot.Records;
using HubSpotTeamsBot.BotFramework.Hosting;
using HubSpotTeamsBot.Cards;
using HubSpotTeamsBot.Forms;
using HubSpotTeamsBot.HubSpot;
using Microsoft.Extensions.DependencyInjection;

namespace Bot.Tests.Features.MessageExtension;

/// <summary>
/// The Agents Playground cannot open dialogs from card buttons: cards going to it carry Log activity (and every other
/// dialog button) as Action.Execute with step "openInChat", and that opens the same form inline. Teams keeps task/fetch.
/// </summary>
public sealed class PlaygroundDialogButtonsTests(PlaygroundCrmFixture bot) : IClassFixture<PlaygroundCrmFixture>, IAsyncLifetime
{
    private static readonly Dictionary<string, string> PlaygroundHeader = new() { ["x-ms-agents-playground"] = "true" };

    public Task InitializeAsync() => bot.LinkPortalAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public void A_record_cards_dialog_buttons_become_inline_buttons_that_open_the_same_form()
    {
        var contact = new CrmObject("501", new Dictionary<string, string?> { ["firstname"] = "Ada", ["email"] = "ada@example.com" });
        var card = RecordCards.Contact(contact, new HubSpotRecordLinks(20260301), new RecordCardOptions { ReaderCanEdit = true });

        bot.Host.Services.GetRequiredService<PlaygroundCards>().Adapt(card);

        var log = card["actions"]!.AsArray().Single(a => (string?)a!["title"] == "Log activity")!;
        Assert.Equal("Action.Execute", (string?)log["type"]);
        Assert.Equal(RecordCards.Verbs.LogActivity, (string?)log["verb"]);
        Assert.Equal("openInChat", (string?)log["data"]!["step"]);
        Assert.Equal("501", (string?)log["data"]!["recordId"]);
        Assert.Null(log["data"]!["msteams"]);
        // Open in HubSpot is untouched.
        Assert.Equal("Action.OpenUrl", (string?)card["actions"]![0]!["type"]);
    }

    [Fact]
    public void A_forms_own_open_in_a_dialog_button_is_left_alone_it_would_only_reopen_the_form_without_what_was_typed()
    {
        var form = Card.Adaptive(new JsonObject { ["type"] = "Input.Text", ["id"] = "email" })
            .WithActions(RecordCards.OpenDialog("Open in a dialog", RecordCards.Verbs.ContactCreate));

        bot.Host.Services.GetRequiredService<PlaygroundCards>().Adapt(form);

        Assert.Equal("task/fetch", (string?)form["actions"]![0]!["data"]!["msteams"]!["type"]);
    }

    [Fact]
    public void The_protocol_layer_adds_the_mark_the_forms_layer_declares_and_names_no_form_step_itself()
    {
        var card = Card.Adaptive(Card.Text("Ada")).WithActions(RecordCards.OpenDialog("Edit", RecordCards.Verbs.ContactUpdate, new JsonObject { ["recordId"] = "501" }));

        new PlaygroundCards(new InlineDialogMark("how", "here")).Adapt(card);

        var edit = card["actions"]![0]!;
        Assert.Equal("Action.Execute", (string?)edit["type"]);
        Assert.Equal("here", (string?)edit["data"]!["how"]);
        Assert.Null(edit["data"]!["step"]);
        Assert.Equal(FormKeys.OpenInChat, bot.Host.Services.GetRequiredService<InlineDialogMark>());
    }

    [Fact]
    public async Task Log_activity_pressed_in_the_Playground_opens_the_activity_chooser_inline_and_a_kind_opens_the_form()
    {
        var ada = await bot.Host.Services.GetRequiredService<HubSpotCrmClient>().GetContactByEmailAsync(ChannelSimulator.BotTenantId, "ada@example.com");
        var chooser = await ExecuteAsync(RecordCards.Verbs.LogActivity, new JsonObject { ["recordId"] = ada!.Id, ["recordType"] = "contacts", ["step"] = "openInChat" });

        Assert.Contains("What do you want to log?", chooser.ToJsonString(), StringComparison.Ordinal);
        var note = chooser["actions"]!.AsArray().Single(a => (string?)a!["title"] == "Note")!;
        Assert.Equal("Action.Execute", (string?)note["type"]);

        var form = await ExecuteAsync(RecordCards.Verbs.LogActivity, note["data"]!.AsObject().DeepClone().AsObject());
        Assert.Contains("Log note on Ada Lovelace", form.ToJsonString(), StringComparison.Ordinal);
        Assert.Contains(form["body"]!.AsArray(), e => (string?)e!["id"] == "body");
    }

    private async Task<JsonObject> ExecuteAsync(string verb, JsonObject data)
    {
        var action = Activities.AdaptiveCardAction(bot.Teams.ServiceUrl, TeamsConversation.Personal(bot.Editor), bot.Editor, verb, data);
        using var response = await bot.Teams.PostAsync(action, token: null, headers: PlaygroundHeader);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal("application/vnd.microsoft.card.adaptive", (string?)body["type"]);
        return body["value"]!.AsObject();
    }
}
