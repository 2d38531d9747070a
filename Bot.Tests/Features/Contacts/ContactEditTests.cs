using System.Text.Json.Nodes;
using Bot.Tests.Harness;
using HubSpotTeamsBot.Cards;
using HubSpotTeamsBot.Features.Common;
using HubSpotTeamsBot.HubSpot;
using HubSpotTeamsBot.Records;
using Microsoft.Extensions.DependencyInjection;
using static Bot.Tests.Features.Contacts.ContactKit;

namespace Bot.Tests.Features.Contacts;

/// <summary><c>edit contact …</c> on both hosts: lookup, only changed fields, lost-update detection.</summary>
public sealed class ContactEditTests(CrmBotFixture bot) : IClassFixture<CrmBotFixture>, IAsyncLifetime
{
    private const string Update = RecordCards.Verbs.ContactUpdate;
    private const string Tenant = ChannelSimulator.BotTenantId;

    public Task InitializeAsync() => bot.StartLinkedAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Edit_by_email_opens_the_prefilled_form_and_saving_sends_only_the_changed_field()
    {
        var contact = await NewContactAsync("Edith", "Clarke");
        var chat = TeamsConversation.Personal(bot.Editor);

        var form = (await bot.Teams.SayAsync(chat, bot.Editor, $"edit contact {contact["email"]}")).Card!;
        Assert.Equal("Edith", InputValue(form, "firstname"));
        var result = await ExecuteAsync(bot, chat, bot.Editor, Update, Fill(ButtonData(form), ("firstname", "Edith"), ("lastname", "Clarke"),
            ("email", contact["email"]!), ("jobtitle", "Engineer")));

        Assert.Contains("Contact updated", AllText(result), StringComparison.Ordinal);
        var stored = await Crm.GetAsync(Tenant, CrmObjectType.Contacts, contact.Id, ["jobtitle", "firstname"]);
        Assert.Equal("Engineer", stored["jobtitle"]);
        var audit = Assert.Single(await AuditAsync(bot, bot.Editor), e => e.Action == Update && e.ObjectId == contact.Id);
        Assert.Equal(AuditOutcomes.Succeeded, audit.Outcome);
        Assert.Equal("changed jobtitle", audit.Detail);
        Assert.Equal("contact", audit.ObjectType);
    }

    [Fact]
    public async Task A_record_changed_in_HubSpot_meanwhile_is_never_overwritten_silently_and_can_be_overwritten_on_request()
    {
        var contact = await NewContactAsync("Lost", "Update");
        var chat = TeamsConversation.Personal(bot.Editor);
        var form = DialogCard(await DialogFetchAsync(bot, chat, bot.Editor, Update, new JsonObject { ["recordId"] = contact.Id }));
        await Task.Delay(20); // a later modified date than the one the form was opened with
        await Crm.UpdateAsync(Tenant, CrmObjectType.Contacts, contact.Id, new Dictionary<string, string> { ["company"] = "Theirs Inc" });

        var conflict = DialogCard(await DialogSubmitAsync(bot, chat, bot.Editor, Update, Fill(ButtonData(form), ("firstname", "Lost"),
            ("lastname", "Update"), ("email", contact["email"]!), ("company", "Mine Ltd"))));

        var text = AllText(conflict);
        Assert.Contains("changed in HubSpot", text, StringComparison.Ordinal);
        Assert.Contains("Theirs Inc", text, StringComparison.Ordinal);
        Assert.Contains("Mine Ltd", text, StringComparison.Ordinal);
        Assert.Equal("Theirs Inc", (await Crm.GetAsync(Tenant, CrmObjectType.Contacts, contact.Id, ["company"]))["company"]);

        var reload = DialogCard(await DialogSubmitAsync(bot, chat, bot.Editor, Update, ButtonData(conflict, 0)));
        Assert.Equal("Theirs Inc", InputValue(reload, "company"));
        var overwritten = await DialogSubmitAsync(bot, chat, bot.Editor, Update, ButtonData(conflict, 1));
        Assert.Equal("message", overwritten["type"]!.GetValue<string>());
        Assert.Equal("Mine Ltd", (await Crm.GetAsync(Tenant, CrmObjectType.Contacts, contact.Id, ["company"]))["company"]);
    }

    [Fact]
    public async Task Several_matches_give_a_pick_list_and_none_offers_a_new_contact()
    {
        var tag = "Zq" + Guid.NewGuid().ToString("N")[..6];
        await NewContactAsync(tag, "One");
        await NewContactAsync(tag, "Two");
        var chat = TeamsConversation.Personal(bot.Editor);

        var pick = (await bot.Teams.SayAsync(chat, bot.Editor, $"edit contact {tag}")).Card!;
        var none = await bot.Teams.SayAsync(chat, bot.Editor, "edit contact nobody-here@example.com");

        Assert.Contains("Several contacts match", AllText(pick), StringComparison.Ordinal);
        var choices = pick["body"]!.AsArray().Where(e => e!["type"]!.GetValue<string>() == "ActionSet").ToList();
        Assert.Equal(2, choices.Count);
        var chosen = choices[1]!["actions"]![0]!["data"]!.DeepClone().AsObject();
        chosen.Remove("verb");
        var form = await ExecuteAsync(bot, chat, bot.Editor, Update, chosen);
        Assert.Equal(tag, InputValue(form.AsObject(), "firstname"));
        Assert.Contains("No contact matches", none.VisibleText, StringComparison.Ordinal);
        Assert.Contains(none.Card!["actions"]!.AsArray(), a => a!["title"]!.GetValue<string>() == "New contact");
    }

    [Fact]
    public async Task A_taken_email_on_edit_comes_back_next_to_the_email_field_with_values_kept()
    {
        var contact = await NewContactAsync("Taken", "Email");
        var chat = TeamsConversation.Personal(bot.Editor);
        var form = (await bot.Teams.SayAsync(chat, bot.Editor, $"edit contact {contact.Id}")).Card!;

        var reshown = (await ExecuteAsync(bot, chat, bot.Editor, Update, Fill(ButtonData(form), ("firstname", "Taken"), ("lastname", "Changed"),
            ("email", "ada@example.com")))).AsObject();

        Assert.Contains("already has this email", FieldError(reshown, "email"), StringComparison.Ordinal);
        Assert.Equal("Changed", InputValue(reshown, "lastname"));
        Assert.Equal("Email", (await Crm.GetAsync(Tenant, CrmObjectType.Contacts, contact.Id, ["lastname"]))["lastname"]);
    }

    [Fact]
    public async Task A_viewer_sending_a_crafted_update_is_refused_and_audited()
    {
        var contact = await NewContactAsync("Guarded", "Record");
        var chat = TeamsConversation.Personal(bot.Viewer);
        var crafted = new JsonObject { ["submissionId"] = Guid.NewGuid().ToString("N"), ["recordId"] = contact.Id, ["email"] = contact["email"], ["lastname"] = "Hacked" };

        var inline = await bot.Teams.InvokeAsync(Activities.AdaptiveCardAction(bot.Teams.ServiceUrl, chat, bot.Viewer, Update, crafted));
        var dialog = await DialogSubmitAsync(bot, chat, bot.Viewer, Update, crafted);

        Assert.Contains("You need the Editor role", inline.Body!["value"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains("You need the Editor role", dialog["value"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("Record", (await Crm.GetAsync(Tenant, CrmObjectType.Contacts, contact.Id, ["lastname"]))["lastname"]);
        Assert.True((await AuditAsync(bot, bot.Viewer)).Count(e => e.Action == Update && e.Outcome == AuditOutcomes.Denied) >= 2);
    }

    private async Task<CrmObject> NewContactAsync(string first, string last) =>
        await Crm.CreateAsync(Tenant, CrmObjectType.Contacts, new Dictionary<string, string>
        {
            ["firstname"] = first, ["lastname"] = last, ["email"] = NewEmail(),
        });

    private HubSpotCrmClient Crm => bot.Host.Services.GetRequiredService<HubSpotCrmClient>();
}
