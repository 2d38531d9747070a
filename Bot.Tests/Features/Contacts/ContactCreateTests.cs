using System.Text.Json.Nodes;
using Bot.Tests.Harness;
using HubSpotTeamsBot.Cards;
using HubSpotTeamsBot.Features.Common;
using HubSpotTeamsBot.HubSpot;
using HubSpotTeamsBot.Records;
using HubSpotTeamsBot.Storage;
using Microsoft.Extensions.DependencyInjection;
using static Bot.Tests.Features.Contacts.ContactKit;

namespace Bot.Tests.Features.Contacts;

/// <summary><c>new contact</c> on both hosts against the HubSpot sandbox, Azurite and the Teams simulator.</summary>
public sealed class ContactCreateTests(CrmBotFixture bot) : IClassFixture<CrmBotFixture>, IAsyncLifetime
{
    private const string Create = RecordCards.Verbs.ContactCreate;

    public Task InitializeAsync() => bot.StartLinkedAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Inline_form_creates_the_contact_owned_by_the_acting_user_and_replaces_the_form_with_the_result()
    {
        var chat = TeamsConversation.Personal(bot.Admin);
        var email = NewEmail();
        var form = await NewContactFormAsync(bot, chat, bot.Admin);
        var meganOwner = await Crm.GetOwnerByEmailAsync(ChannelSimulator.BotTenantId, bot.Admin.Email);

        Assert.Equal("Action.Execute", form["actions"]![0]!["type"]!.GetValue<string>());
        Assert.Equal("Action.Submit", form["actions"]![0]!["fallback"]!["type"]!.GetValue<string>());
        Assert.Equal(meganOwner!.Id, InputValue(form, "hubspot_owner_id"));
        var result = await ExecuteAsync(bot, chat, bot.Admin, Create,
            Fill(ButtonData(form), ("firstname", "Grace"), ("lastname", "Hopper"), ("email", email), ("hubspot_owner_id", meganOwner.Id),
                ("lifecyclestage", "lead")));

        var text = AllText(result);
        Assert.Contains("Contact created", text, StringComparison.Ordinal);
        Assert.Contains("Grace Hopper", text, StringComparison.Ordinal);
        Assert.Contains("Megan Bowen", text, StringComparison.Ordinal);
        Assert.Contains(result["actions"]!.AsArray(), a => a!["title"]!.GetValue<string>() == "New deal");
        var stored = Assert.Single(await ContactsWithEmailAsync(bot, email));
        Assert.Equal(meganOwner.Id, Property(stored, "hubspot_owner_id"));
        Assert.Equal("lead", Property(stored, "lifecyclestage"));
        Assert.Contains(await AuditAsync(bot, bot.Admin), e => e.Action == Create && e.Outcome == AuditOutcomes.Succeeded
                                                               && e.ObjectId == stored.GetProperty("id").GetString());
    }

    [Fact]
    public async Task Dialog_form_creates_the_contact_closes_with_a_message_and_posts_the_result_card()
    {
        var chat = TeamsConversation.GroupChat(bot.Editor.TenantId);
        var email = NewEmail();
        var form = DialogCard(await DialogFetchAsync(bot, chat, bot.Editor, Create));
        Assert.All(form["actions"]!.AsArray(), a => Assert.Equal("Action.Submit", a!["type"]!.GetValue<string>()));

        var answer = await DialogSubmitAsync(bot, chat, bot.Editor, Create, Fill(ButtonData(form), ("firstname", "Katherine"), ("email", email)));

        Assert.Equal("message", answer["type"]!.GetValue<string>());
        Assert.Contains("Created contact Katherine", answer["value"]!.GetValue<string>(), StringComparison.Ordinal);
        var posted = await bot.Teams.Connector.WaitForMessageAsync(chat.Id, c => c.VisibleText.Contains("Contact created", StringComparison.Ordinal));
        Assert.Contains(email, posted.VisibleText, StringComparison.Ordinal);
        var stored = Assert.Single(await ContactsWithEmailAsync(bot, email));
        var alexOwner = await Crm.GetOwnerByEmailAsync(ChannelSimulator.BotTenantId, bot.Editor.Email);
        Assert.Equal(alexOwner!.Id, Property(stored, "hubspot_owner_id"));
    }

    [Fact]
    public async Task A_duplicate_email_answers_with_the_existing_contact_and_offers_to_update_it_on_both_hosts()
    {
        var chat = TeamsConversation.Personal(bot.Editor);
        var form = await NewContactFormAsync(bot, chat, bot.Editor);

        var inline = await ExecuteAsync(bot, chat, bot.Editor, Create, Fill(ButtonData(form), ("firstname", "Ada"), ("email", "ADA@example.com")));
        var dialogForm = DialogCard(await DialogFetchAsync(bot, chat, bot.Editor, Create));
        var dialog = DialogCard(await DialogSubmitAsync(bot, chat, bot.Editor, Create, Fill(ButtonData(dialogForm), ("email", "ada@example.com"))));

        foreach (var card in new[] { inline.AsObject(), dialog })
        {
            Assert.Contains("already exists", AllText(card), StringComparison.Ordinal);
            Assert.Contains("Lovelace", AllText(card), StringComparison.Ordinal);
            Assert.Contains(card["actions"]!.AsArray(), a => a!["title"]!.GetValue<string>() == "Update it instead");
        }
        Assert.Single(await ContactsWithEmailAsync(bot, "ada@example.com"));

        var update = await ExecuteAsync(bot, chat, bot.Editor, RecordCards.Verbs.ContactUpdate, ButtonData(inline.AsObject()));
        Assert.Equal("Ada", InputValue(update.AsObject(), "firstname"));
        Assert.Equal("ada@example.com", InputValue(update.AsObject(), "email"));
    }

    [Fact]
    public async Task Update_it_instead_opens_the_update_form_with_what_was_typed_over_the_existing_record()
    {
        var chat = TeamsConversation.Personal(bot.Editor);
        var form = await NewContactFormAsync(bot, chat, bot.Editor);
        var title = "Countess " + Guid.NewGuid().ToString("N")[..6];

        var duplicate = await ExecuteAsync(bot, chat, bot.Editor, Create, Fill(ButtonData(form), ("email", "ada@example.com"), ("jobtitle", title)));
        var update = (await ExecuteAsync(bot, chat, bot.Editor, RecordCards.Verbs.ContactUpdate, ButtonData(duplicate.AsObject()))).AsObject();

        Assert.Equal(title, InputValue(update, "jobtitle"));
        Assert.Equal("Lovelace", InputValue(update, "lastname"));
        Assert.Equal("ada@example.com", InputValue(update, "email"));

        var saved = await ExecuteAsync(bot, chat, bot.Editor, RecordCards.Verbs.ContactUpdate, Deals.FormCards.Click(update, "Save changes"));
        Assert.Contains("Contact updated", AllText(saved), StringComparison.Ordinal);
        Assert.Equal(title, Property(Assert.Single(await ContactsWithEmailAsync(bot, "ada@example.com")), "jobtitle"));
    }

    [Fact]
    public async Task Server_validation_shows_errors_next_to_the_fields_and_keeps_every_value_on_both_hosts()
    {
        var chat = TeamsConversation.Personal(bot.Editor);
        var form = await NewContactFormAsync(bot, chat, bot.Editor);
        var typed = Fill(ButtonData(form), ("firstname", "Typed"), ("company", "Kept Ltd"), ("email", "not-an-email"), ("hs_lead_status", "NO_SUCH_STATUS"));

        var inline = (await ExecuteAsync(bot, chat, bot.Editor, Create, typed.DeepClone().AsObject())).AsObject();
        var dialog = DialogCard(await DialogSubmitAsync(bot, chat, bot.Editor, Create, typed));

        foreach (var card in new[] { inline, dialog })
        {
            Assert.Contains("email address", FieldError(card, "email"), StringComparison.Ordinal);
            Assert.Contains("from the list", FieldError(card, "hs_lead_status"), StringComparison.Ordinal);
            Assert.Equal("Typed", InputValue(card, "firstname"));
            Assert.Equal("Kept Ltd", InputValue(card, "company"));
            Assert.Equal("not-an-email", InputValue(card, "email"));
            Assert.Equal(typed["submissionId"]!.GetValue<string>(), ButtonData(card)["submissionId"]!.GetValue<string>());
        }
        Assert.Empty(await ContactsWithEmailAsync(bot, "not-an-email"));
    }

    [Fact]
    public async Task Double_submit_creates_one_contact_and_the_repeat_answers_with_the_first_result()
    {
        var chat = TeamsConversation.Personal(bot.Editor);
        var email = NewEmail();
        var data = Fill(ButtonData(await NewContactFormAsync(bot, chat, bot.Editor)), ("firstname", "Twice"), ("email", email));

        var both = await Task.WhenAll(
            ExecuteAsync(bot, chat, bot.Editor, Create, data.DeepClone().AsObject()),
            ExecuteAsync(bot, chat, bot.Editor, Create, data.DeepClone().AsObject()));
        var redelivered = await DialogSubmitAsync(bot, chat, bot.Editor, Create, data.DeepClone().AsObject());

        Assert.Single(await ContactsWithEmailAsync(bot, email));
        Assert.Contains(both, r => AllText(r).Contains("Contact created", StringComparison.Ordinal));
        Assert.Contains("already saved", redelivered["value"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_viewer_is_refused_for_the_command_and_for_crafted_submits_on_both_hosts_and_it_is_audited()
    {
        var chat = TeamsConversation.Personal(bot.Viewer);
        var email = NewEmail();
        var crafted = new JsonObject { ["submissionId"] = Guid.NewGuid().ToString("N"), ["email"] = email, ["firstname"] = "Sneaky" };

        var command = await bot.Teams.SayAsync(chat, bot.Viewer, "new contact");
        var inline = await bot.Teams.InvokeAsync(Activities.AdaptiveCardAction(bot.Teams.ServiceUrl, chat, bot.Viewer, Create, crafted));
        var dialog = await DialogSubmitAsync(bot, chat, bot.Viewer, Create, crafted);

        Assert.Contains("You need the Editor role", command.VisibleText, StringComparison.Ordinal);
        Assert.Equal("application/vnd.microsoft.activity.message", inline.Body!["type"]!.GetValue<string>());
        Assert.Contains("You need the Editor role", inline.Body["value"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains("You need the Editor role", dialog["value"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Empty(await ContactsWithEmailAsync(bot, email));
        Assert.True((await AuditAsync(bot, bot.Viewer)).Count(e => e.Action == Create && e.Outcome == AuditOutcomes.Denied) >= 3);
    }

    [Fact]
    public async Task HubSpot_busy_keeps_the_form_and_the_same_submission_succeeds_when_retried()
    {
        var chat = TeamsConversation.Personal(bot.Editor);
        var email = NewEmail();
        var data = Fill(ButtonData(await NewContactFormAsync(bot, chat, bot.Editor)), ("firstname", "Patient"), ("email", email));
        await bot.Sandbox.Admin.SetBehaviourAsync(new { force429Count = 50, force429Policy = "TEN_SECONDLY_ROLLING" });

        var busy = (await ExecuteAsync(bot, chat, bot.Editor, Create, data.DeepClone().AsObject())).AsObject();
        await bot.Sandbox.Admin.ResetBehaviourAsync();
        var retried = await ExecuteAsync(bot, chat, bot.Editor, Create, data.DeepClone().AsObject());

        Assert.Contains("HubSpot is busy", AllText(busy), StringComparison.Ordinal);
        Assert.Equal("Patient", InputValue(busy, "firstname"));
        Assert.Contains("Contact created", AllText(retried), StringComparison.Ordinal);
        Assert.Single(await ContactsWithEmailAsync(bot, email));
    }

    [Fact]
    public async Task An_Action_Submit_fallback_in_chat_replaces_the_clicked_card_with_the_result()
    {
        var chat = TeamsConversation.Personal(bot.Editor);
        var email = NewEmail();
        var value = Fill(ButtonData(await NewContactFormAsync(bot, chat, bot.Editor)), ("firstname", "Fallback"), ("email", email));
        value["verb"] = Create;

        using var response = await bot.Teams.PostAsync(Activities.CardSubmit(bot.Teams.ServiceUrl, chat, bot.Editor, value, replyToId: "card-42"));
        var update = await bot.Teams.Connector.WaitForAsync(c => c.Method == "PUT" && c.Path.EndsWith("/activities/card-42", StringComparison.Ordinal));

        Assert.Contains("Contact created", update.VisibleText, StringComparison.Ordinal);
        Assert.Single(await ContactsWithEmailAsync(bot, email));
    }

    [Fact]
    public async Task An_unlinked_portal_gets_the_admin_message_and_no_form()
    {
        var chat = TeamsConversation.Personal(bot.Editor);
        await bot.Host.Services.GetRequiredService<PortalLinkStore>().DeleteAsync(ChannelSimulator.BotTenantId);

        var reply = await bot.Teams.SayAsync(chat, bot.Editor, "new contact");

        Assert.Contains("HubSpot isn't connected yet", reply.VisibleText, StringComparison.Ordinal);
        Assert.Null(reply.Card);
    }

    private HubSpotCrmClient Crm => bot.Host.Services.GetRequiredService<HubSpotCrmClient>();
}
