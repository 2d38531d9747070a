using System.Text.Json;
using Bot.Tests.Harness;
using HubSpotTeamsBot.Records;
using HubSpotTeamsBot.Cards;
using HubSpotTeamsBot.Features.Common;
using HubSpotTeamsBot.HubSpot;
using Microsoft.Extensions.DependencyInjection;
using static Bot.Tests.Features.Contacts.ContactKit;
using static Bot.Tests.Features.Settings.SchemaFormKit;

namespace Bot.Tests.Features.Settings;

/// <summary>
/// <c>settings forms</c> and the contact forms that follow it, against a sandbox portal with custom properties (text,
/// number, date, enumerations, a required lead source), real HTTP and Azurite.
/// </summary>
public sealed class FormSettingsTests(CrmBotFixture bot) : IClassFixture<CrmBotFixture>, IAsyncLifetime
{
    private long _portalId;

    public async Task InitializeAsync() => _portalId = await LinkCustomPortalAsync(bot);

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task The_admin_chooses_custom_fields_and_the_new_contact_form_shows_them_in_that_order_and_hubspot_holds_the_values()
    {
        var chat = TeamsConversation.Personal(bot.Admin);
        var settings = await bot.Teams.SayAsync(chat, bot.Admin, "settings forms");
        Assert.Contains("Form fields: New contact", settings.VisibleText, StringComparison.Ordinal);
        var add = Input(settings.Card!, "add");
        Assert.Equal("filtered", add["style"]!.GetValue<string>());
        Assert.Contains("employee_count", ChoiceValues(add));

        var saved = await ChooseFieldsAsync(bot, chat, "contact-create", "lead_source, email, firstname", add: "employee_count,first_contact_date,region,interests");
        Assert.Contains("Saved", saved.VisibleText, StringComparison.Ordinal);
        Assert.Contains(await AuditAsync(bot, bot.Admin), e => e.Action == "settings.forms" && e.ObjectId == "contact-create"
            && e.Outcome == AuditOutcomes.Succeeded && e.Detail!.Contains("lead_source, email, firstname, employee_count", StringComparison.Ordinal));

        var form = await NewContactFormAsync(bot, chat, bot.Editor);
        Assert.Equal(["lead_source", "email", "firstname", "employee_count", "first_contact_date", "region", "interests"], InputIds(form));
        Assert.Equal("Input.Number", Input(form, "employee_count")["type"]!.GetValue<string>());
        Assert.Equal("Input.Date", Input(form, "first_contact_date")["type"]!.GetValue<string>());
        Assert.True(Input(form, "interests")["isMultiSelect"]!.GetValue<bool>());

        var email = NewEmail();
        var refused = await ExecuteAsync(bot, chat, bot.Editor, RecordCards.Verbs.ContactCreate, Fill(ButtonData(form),
            ("email", email), ("firstname", "Ada"), ("lead_source", "referral"), ("employee_count", "lots"), ("first_contact_date", "03/04/2026"), ("region", "nowhere")));
        var again = refused.AsObject();
        Assert.NotNull(FieldError(again, "employee_count"));
        Assert.NotNull(FieldError(again, "first_contact_date"));
        Assert.NotNull(FieldError(again, "region"));
        Assert.Equal("lots", InputValue(again, "employee_count"));
        Assert.Equal(email, InputValue(again, "email"));
        Assert.Equal("referral", InputValue(again, "lead_source"));
        Assert.Empty(await ContactsAsync(email));

        var created = await ExecuteAsync(bot, chat, bot.Editor, RecordCards.Verbs.ContactCreate, Fill(ButtonData(again),
            ("email", email), ("firstname", "Ada"), ("lead_source", "referral"), ("employee_count", "250"), ("first_contact_date", "2026-03-04"),
            ("region", "west"), ("interests", "hardware,training")));
        Assert.Contains("Contact created", AllText(created), StringComparison.Ordinal);
        var stored = Assert.Single(await ContactsAsync(email));
        Assert.Equal("referral", Property(stored, "lead_source"));
        Assert.Equal("250", Property(stored, "employee_count"));
        Assert.Equal("2026-03-04", Property(stored, "first_contact_date"));
        Assert.Equal("west", Property(stored, "region"));
        Assert.Equal("hardware;training", Property(stored, "interests"));

        // The edit form of the contact shows its own choice (defaults here) and keeps custom values when they are on it.
        await ChooseFieldsAsync(bot, chat, "contact-update", "region, email, employee_count");
        var edit = await bot.Teams.SayAsync(chat, bot.Editor, $"edit contact {email}");
        Assert.Equal(["region", "email", "employee_count"], InputIds(edit.Card!));
        Assert.Equal("west", InputValue(edit.Card!, "region"));
        var updated = await ExecuteAsync(bot, chat, bot.Editor, RecordCards.Verbs.ContactUpdate, Fill(ButtonData(edit.Card!), ("region", "east"), ("email", email), ("employee_count", "300")));
        Assert.Contains("Contact updated", AllText(updated), StringComparison.Ordinal);
        stored = Assert.Single(await ContactsAsync(email));
        Assert.Equal("east", Property(stored, "region"));
        Assert.Equal("300", Property(stored, "employee_count"));
        Assert.Equal("Ada", Property(stored, "firstname"));
    }

    [Fact]
    public async Task Reordering_removing_and_resetting_fields_changes_the_next_form()
    {
        var chat = TeamsConversation.Personal(bot.Admin);
        await ChooseFieldsAsync(bot, chat, "contact-create", "region, lead_source, email, lastname");
        Assert.Equal(["region", "lead_source", "email", "lastname"], InputIds(await NewContactFormAsync(bot, chat, bot.Admin)));

        await ChooseFieldsAsync(bot, chat, "contact-create", "lastname, lead_source");
        // Contacts are created and found by email: it stays on the form even when an admin leaves it out.
        Assert.Equal(["email", "lastname", "lead_source"], InputIds(await NewContactFormAsync(bot, chat, bot.Admin)));

        var settings = await bot.Teams.SayAsync(chat, bot.Admin, "settings forms contact-create");
        var reset = await SubmitAsync(bot, chat, bot.Admin, Action(settings.Card!, "Reset to defaults"));
        Assert.Contains("Back to the default fields", reset.VisibleText, StringComparison.Ordinal);
        Assert.Equal(["firstname", "lastname", "email", "phone", "company", "jobtitle", "lifecyclestage", "hs_lead_status", "hubspot_owner_id"],
            InputIds(await NewContactFormAsync(bot, chat, bot.Admin)));
    }

    [Fact]
    public async Task An_unknown_property_is_refused_and_what_was_typed_is_kept()
    {
        var chat = TeamsConversation.Personal(bot.Admin);
        var answer = await ChooseFieldsAsync(bot, chat, "contact-create", "email, shoe_size, num_associated_deals");
        Assert.Contains("no property a form can write named shoe_size, num_associated_deals", answer.VisibleText, StringComparison.Ordinal);
        Assert.Equal("email, shoe_size, num_associated_deals", InputValue(answer.Card!, "fields"));
        Assert.DoesNotContain(await AuditAsync(bot, bot.Admin), e => e.Action == "settings.forms" && e.Detail!.Contains("shoe_size", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Only_admins_may_change_forms()
    {
        var chat = TeamsConversation.Personal(bot.Editor);
        // The route's declared Admin access is the only check: the router refuses before the handler reads the portal's properties.
        var denied = await DeniedAsync();
        await bot.Sandbox.Admin.ResetStatsAsync(_portalId);
        var refused = await bot.Teams.SayAsync(chat, bot.Editor, "settings forms");
        Assert.DoesNotContain("Form fields", refused.VisibleText, StringComparison.Ordinal);
        Assert.Contains("You need the", refused.VisibleText, StringComparison.Ordinal);
        var forged = await SubmitAsync(bot, chat, bot.Editor, new System.Text.Json.Nodes.JsonObject
        {
            ["data"] = new System.Text.Json.Nodes.JsonObject { ["verb"] = "settings.forms.save", ["form"] = "contact-create" },
        }, ("fields", "email"));
        Assert.DoesNotContain("Saved", forged.VisibleText, StringComparison.Ordinal);
        Assert.Contains("You need the", forged.VisibleText, StringComparison.Ordinal);
        Assert.Equal(0, (await bot.Sandbox.Admin.GetStatsAsync(_portalId)).Requests.Values.Sum());
        Assert.Equal(denied + 2, await DeniedAsync());
        Assert.Equal(["firstname", "lastname", "email", "phone", "company", "jobtitle", "lifecyclestage", "hs_lead_status", "hubspot_owner_id"],
            InputIds(await NewContactFormAsync(bot, chat, bot.Editor)));

        async Task<int> DeniedAsync() =>
            (await AuditAsync(bot, bot.Editor)).Count(e => e.Action == "settings.forms" && e.Outcome == AuditOutcomes.Denied);
    }

    [Fact]
    public async Task Options_changed_in_hubspot_appear_after_hubspot_refuses_an_old_one_and_the_values_are_kept()
    {
        var chat = TeamsConversation.Personal(bot.Admin);
        await ChooseFieldsAsync(bot, chat, "contact-create", "email, lead_source, region");
        var form = await NewContactFormAsync(bot, chat, bot.Editor);
        Assert.Contains("north", ChoiceValues(Input(form, "region")));

        await bot.Sandbox.Admin.ReplaceOptionsAsync(_portalId, "contacts", "region", [("Northern Europe", "northern_europe"), ("Asia Pacific", "apac")]);
        var email = NewEmail();
        var refused = (await ExecuteAsync(bot, chat, bot.Editor, RecordCards.Verbs.ContactCreate, Fill(ButtonData(form),
            ("email", email), ("lead_source", "partner"), ("region", "north")))).AsObject();
        Assert.Equal(["northern_europe", "apac"], ChoiceValues(Input(refused, "region")));
        Assert.Contains("HubSpot", FieldError(refused, "region"), StringComparison.Ordinal);
        Assert.Equal(email, InputValue(refused, "email"));
        Assert.Equal("partner", InputValue(refused, "lead_source"));

        var created = await ExecuteAsync(bot, chat, bot.Editor, RecordCards.Verbs.ContactCreate, Fill(ButtonData(refused),
            ("email", email), ("lead_source", "partner"), ("region", "apac")));
        Assert.Contains("Contact created", AllText(created), StringComparison.Ordinal);
        Assert.Equal("apac", Property(Assert.Single(await ContactsAsync(email)), "region"));
    }

    [Fact]
    public async Task The_new_deal_form_adds_the_admins_fields_after_its_own_and_hubspot_holds_the_values()
    {
        var chat = TeamsConversation.Personal(bot.Admin);
        await ChooseFieldsAsync(bot, chat, "deal-create", "seats, product_line, renewal_date");
        var form = (await bot.Teams.SayAsync(chat, bot.Editor, "new deal")).Card!;
        var ids = InputIds(form);
        Assert.Equal(["seats", "product_line", "renewal_date"], ids[^3..]);
        Assert.Equal("dealname", ids[0]);

        var name = $"Deal {Guid.NewGuid():N}"[..20];
        var refused = (await ExecuteAsync(bot, chat, bot.Editor, HubSpotTeamsBot.Features.Deals.DealVerbs.Create, Fill(ButtonData(form),
            ("dealname", name), ("stage", "default|qualifiedtobuy"), ("seats", "ten"), ("product_line", "analytical_engine")))).AsObject();
        Assert.NotNull(FieldError(refused, "seats"));
        Assert.Equal("ten", InputValue(refused, "seats"));
        Assert.Equal("analytical_engine", InputValue(refused, "product_line"));

        var created = await ExecuteAsync(bot, chat, bot.Editor, HubSpotTeamsBot.Features.Deals.DealVerbs.Create, Fill(ButtonData(refused),
            ("dealname", name), ("stage", "default|qualifiedtobuy"), ("seats", "10"), ("product_line", "analytical_engine"), ("renewal_date", "2027-01-31")));
        Assert.Contains("Deal created", AllText(created), StringComparison.Ordinal);
        var deals = await bot.Sandbox.Admin.GetObjectsAsync(_portalId, "deals");
        var stored = Assert.Single(deals.EnumerateArray(), d => Property(d, "dealname") == name);
        Assert.Equal("10", Property(stored, "seats"));
        Assert.Equal("analytical_engine", Property(stored, "product_line"));
        Assert.Equal("2027-01-31", Property(stored, "renewal_date"));
    }

    [Fact]
    public async Task The_edit_deal_form_shows_the_admins_fields_in_order_prefilled_and_saves_only_what_changed()
    {
        var chat = TeamsConversation.Personal(bot.Admin);
        var name = $"Deal {Guid.NewGuid():N}"[..20];
        // A date-time with a time of day, as HubSpot's own UI stores one: the form shows only its day.
        var crm = bot.Host.Services.GetRequiredService<HubSpotCrmClient>();
        await crm.CreateAsync(ChannelSimulator.BotTenantId, CrmObjectType.Deals, new Dictionary<string, string>
        {
            ["dealname"] = name, ["pipeline"] = "default", ["dealstage"] = "qualifiedtobuy", ["seats"] = "5",
            ["product_line"] = "analytical_engine", ["next_step_at"] = "2026-05-01T15:30:00.000Z",
        });
        var storedAt = Property(await DealAsync(name), "next_step_at");
        Assert.StartsWith("2026-05-01T15:30", storedAt, StringComparison.Ordinal);

        await ChooseFieldsAsync(bot, chat, "deal-update", "competitor, next_step_at, seats, product_line");
        var form = (await bot.Teams.SayAsync(chat, bot.Editor, $"update deal {name}")).Card!;
        var ids = InputIds(form);
        Assert.Equal("dealname", ids[0]);
        Assert.Equal(["competitor", "next_step_at", "seats", "product_line"], ids[^4..]);
        Assert.Equal("2026-05-01", InputValue(form, "next_step_at"));
        Assert.Equal("5", InputValue(form, "seats"));
        Assert.Equal("analytical_engine", InputValue(form, "product_line"));

        // Our own check per type: the values stay, nothing is written.
        var refused = (await ExecuteAsync(bot, chat, bot.Editor, HubSpotTeamsBot.Features.Deals.DealVerbs.Update, Fill(ButtonData(form),
            ("dealname", name), ("stage", "default|qualifiedtobuy"), ("competitor", "Jacquard"), ("next_step_at", "2026-05-01"), ("seats", "a dozen"),
            ("product_line", "support_plan")))).AsObject();
        Assert.NotNull(FieldError(refused, "seats"));
        Assert.Equal("a dozen", InputValue(refused, "seats"));
        Assert.Equal("Jacquard", InputValue(refused, "competitor"));
        Assert.Null(Property(await DealAsync(name), "competitor"));

        // HubSpot's own 400 (an option removed in HubSpot since the definitions were read) lands under its field.
        await bot.Sandbox.Admin.ReplaceOptionsAsync(_portalId, "deals", "product_line", [("Analytical Engine", "analytical_engine"), ("Jacquard loom", "jacquard_loom")]);
        var hubspotRefused = (await ExecuteAsync(bot, chat, bot.Editor, HubSpotTeamsBot.Features.Deals.DealVerbs.Update, Fill(ButtonData(refused),
            ("dealname", name), ("stage", "default|qualifiedtobuy"), ("competitor", "Jacquard"), ("next_step_at", "2026-05-01"), ("seats", "12"),
            ("product_line", "support_plan")))).AsObject();
        Assert.Contains("HubSpot", FieldError(hubspotRefused, "product_line"), StringComparison.Ordinal);
        Assert.Equal(["analytical_engine", "jacquard_loom"], ChoiceValues(Input(hubspotRefused, "product_line")));
        Assert.Equal("12", InputValue(hubspotRefused, "seats"));
        Assert.Equal("Jacquard", InputValue(hubspotRefused, "competitor"));

        var saved = await ExecuteAsync(bot, chat, bot.Editor, HubSpotTeamsBot.Features.Deals.DealVerbs.Update, Fill(ButtonData(hubspotRefused),
            ("dealname", name), ("stage", "default|qualifiedtobuy"), ("competitor", "Jacquard"), ("next_step_at", "2026-05-01"), ("seats", "12"),
            ("product_line", "jacquard_loom")));
        Assert.Contains("Deal updated", AllText(saved), StringComparison.Ordinal);
        // The confirmation card shows the admin's fields as well, an option by its label.
        Assert.Contains("Jacquard loom", AllText(saved), StringComparison.Ordinal);
        var stored = await DealAsync(name);
        Assert.Equal("Jacquard", Property(stored, "competitor"));
        Assert.Equal("12", Property(stored, "seats"));
        Assert.Equal("jacquard_loom", Property(stored, "product_line"));
        // Sent back as the day's midnight it would read 2026-05-01T00:00: unchanged, it was not sent at all.
        Assert.Equal(storedAt, Property(stored, "next_step_at"));
        Assert.Contains(await AuditAsync(bot, bot.Editor), e => e.Action == HubSpotTeamsBot.Features.Deals.DealVerbs.Update
            && e.Outcome == AuditOutcomes.Succeeded && e.Detail!.Contains("seats", StringComparison.Ordinal) && !e.Detail.Contains("next_step_at", StringComparison.Ordinal));

        // The admin reorders and removes: the next form follows.
        await ChooseFieldsAsync(bot, chat, "deal-update", "seats, competitor");
        var next = (await bot.Teams.SayAsync(chat, bot.Editor, $"update deal {name}")).Card!;
        Assert.Equal(["seats", "competitor"], InputIds(next)[^2..]);
        Assert.DoesNotContain("next_step_at", InputIds(next));
    }

    [Fact]
    public async Task The_admin_places_the_deal_forms_own_fields_among_the_custom_ones_and_the_rest_stay_on_top()
    {
        var chat = TeamsConversation.Personal(bot.Admin);
        var settings = await bot.Teams.SayAsync(chat, bot.Admin, "settings forms deal-create");
        var offered = ChoiceValues(Input(settings.Card!, "add"));
        Assert.Contains("dealname", offered);
        Assert.Contains("dealstage", offered);
        Assert.DoesNotContain("pipeline", offered);

        await ChooseFieldsAsync(bot, chat, "deal-create", "seats, dealname, dealstage, product_line, amount");
        var form = (await bot.Teams.SayAsync(chat, bot.Editor, "new deal")).Card!;
        Assert.Equal(["closedate", "contactId", "contactText", "ownerEmail", "seats", "dealname", "stage", "product_line", "amount"], InputIds(form));

        var name = $"Deal {Guid.NewGuid():N}"[..20];
        var created = await ExecuteAsync(bot, chat, bot.Editor, HubSpotTeamsBot.Features.Deals.DealVerbs.Create, Fill(ButtonData(form),
            ("dealname", name), ("stage", "default|qualifiedtobuy"), ("seats", "3"), ("product_line", "difference_engine"), ("amount", "1200")));
        Assert.Contains("Deal created", AllText(created), StringComparison.Ordinal);
        var stored = await DealAsync(name);
        Assert.Equal("qualifiedtobuy", Property(stored, "dealstage"));
        Assert.Equal("default", Property(stored, "pipeline"));
        Assert.Equal("1200", Property(stored, "amount"));
        Assert.Equal("3", Property(stored, "seats"));

        // The pipeline travels with the stage: it is not a field of its own to place.
        var refused = await ChooseFieldsAsync(bot, chat, "deal-create", "pipeline, seats");
        Assert.Contains("no property a form can write named pipeline", refused.VisibleText, StringComparison.Ordinal);
    }

    private async Task<JsonElement> DealAsync(string name)
    {
        var deals = await bot.Sandbox.Admin.GetObjectsAsync(_portalId, "deals");
        return Assert.Single(deals.EnumerateArray(), d => Property(d, "dealname") == name);
    }

    private async Task<List<JsonElement>> ContactsAsync(string email)
    {
        var all = await bot.Sandbox.Admin.GetObjectsAsync(_portalId, "contacts");
        return all.EnumerateArray().Where(c => Property(c, "email") == email).ToList();
    }
}
