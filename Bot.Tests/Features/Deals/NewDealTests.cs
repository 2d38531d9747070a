using System.Text.Json.Nodes;
using Bot.Tests.Harness;
using HubSpotTeamsBot.Features.Common;
using HubSpotTeamsBot.Features.Deals;
using HubSpotTeamsBot.HubSpot;

namespace Bot.Tests.Features.Deals;

/// <summary><c>new deal</c> and the contact card's New deal, inline and in a dialog, against the sandbox over HTTP with Azurite.</summary>
public sealed class NewDealTests(CrmBotFixture bot) : IClassFixture<CrmBotFixture>
{
    private static string NewName() => $"Deal {Guid.NewGuid():N}"[..20];

    [Fact]
    public async Task New_deal_inline_offers_pipeline_stages_and_creates_one_deal_with_owner_and_typed_contact_even_when_clicked_twice()
    {
        var flow = await CrmFlow.StartAsync(bot, bot.Editor);
        var form = (await flow.SayAsync("new deal")).Card!;

        var stages = FormCards.ChoiceTitles(form, DealFields.Stage).ToList();
        Assert.Contains("Sales Pipeline › Appointment Scheduled", stages, StringComparer.OrdinalIgnoreCase);
        Assert.Contains(stages, s => s.StartsWith("Renewals › ", StringComparison.Ordinal));
        Assert.Equal((await flow.Crm.GetOwnerByEmailAsync(CrmFlow.TenantId, "alexw@contoso.com"))!.Id, FormCards.InputValue(form, DealFields.Owner));
        Assert.Equal("Amount (GBP, 0 or more)", FormCards.Input(form, DealFields.Amount)["label"]!.GetValue<string>());

        var name = NewName();
        var stage = FormCards.ChoiceValue(form, DealFields.Stage, stages.First(s => s.StartsWith("Renewals", StringComparison.Ordinal)));
        var click = FormCards.Click(form, "Create deal", (DealFields.Name, name), (DealFields.Stage, stage), (DealFields.Amount, "2500"),
            (DealFields.CloseDate, "2026-12-31"), (DealFields.ContactText, "ada@example.com"));
        var first = FormCards.ExecuteCard(await flow.ExecuteAsync(click));
        var second = FormCards.ExecuteCard(await flow.ExecuteAsync(click));

        var stored = Assert.Single(await flow.StoredAsync("deals", "dealname", name));
        var id = stored.GetProperty("id").GetString()!;
        var alex = await flow.Crm.GetOwnerByEmailAsync(CrmFlow.TenantId, "alexw@contoso.com");
        Assert.Equal(alex!.Id, stored.GetProperty("properties").GetProperty("hubspot_owner_id").GetString());
        Assert.Equal(stage.Split('|')[1], stored.GetProperty("properties").GetProperty("dealstage").GetString());
        Assert.Equal("2500", stored.GetProperty("properties").GetProperty("amount").GetString());
        var ada = await flow.Crm.GetContactByEmailAsync(CrmFlow.TenantId, "ada@example.com");
        Assert.Equal([ada!.Id], await flow.AssociatedAsync(CrmObjectType.Deals, id, CrmObjectType.Contacts));
        Assert.Contains("Deal created", FormCards.Elements(first["body"]).Select(e => e["text"]?.GetValue<string>()));
        Assert.Equal(first.ToJsonString(), second.ToJsonString());
        Assert.Contains(FormCards.Elements(first).Where(e => e["type"]?.GetValue<string>() == "Action.Submit"), a => a["title"]?.GetValue<string>() == "Move stage");
        var audit = Assert.Single(await flow.AuditAsync(DealVerbs.Create), e => e.ObjectId == id);
        Assert.Equal(AuditOutcomes.Succeeded, audit.Outcome);
    }

    [Fact]
    public async Task New_deal_from_a_contact_card_opens_a_dialog_with_the_contact_and_creates_one_associated_deal_on_double_submit()
    {
        var flow = await CrmFlow.StartAsync(bot, bot.Editor);
        var ada = await flow.Crm.GetContactByEmailAsync(CrmFlow.TenantId, "ada@example.com");
        var dialog = FormCards.DialogCard(await flow.FetchAsync(DealVerbs.Create, new JsonObject { ["contactId"] = ada!.Id }));
        Assert.Equal(ada.Id, FormCards.InputValue(dialog, DealFields.Contact));
        Assert.Equal("contacts", FormCards.Input(dialog, DealFields.Contact)["choices.data"]!["dataset"]!.GetValue<string>());
        Assert.Equal("Action.Submit", FormCards.Action(dialog, "Create deal")["type"]!.GetValue<string>());

        var name = NewName();
        var submit = FormCards.Click(dialog, "Create deal", (DealFields.Name, name), (DealFields.Stage, "default|qualifiedtobuy"));
        var first = await flow.SubmitAsync(submit);
        var second = await flow.SubmitAsync(submit);

        Assert.Contains(name, FormCards.DialogMessage(first), StringComparison.Ordinal);
        Assert.NotNull(FormCards.DialogMessage(second));
        var stored = Assert.Single(await flow.StoredAsync("deals", "dealname", name));
        Assert.Equal([ada.Id], await flow.AssociatedAsync(CrmObjectType.Deals, stored.GetProperty("id").GetString()!, CrmObjectType.Contacts));
        var posted = (await flow.PostedCardAsync("Deal created")).VisibleText;
        Assert.Contains(name, posted, StringComparison.Ordinal);
        // The deal card names its contact (read back in one batch call).
        Assert.Contains("Ada Lovelace", posted, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_stage_from_another_pipeline_is_refused_next_to_the_field_with_every_value_kept_on_both_hosts()
    {
        var flow = await CrmFlow.StartAsync(bot, bot.Editor);
        var name = NewName();
        var inline = (await flow.SayAsync("new deal")).Card!;
        var dialog = FormCards.DialogCard(await flow.FetchAsync(DealVerbs.Create));

        var reshownInline = FormCards.ExecuteCard(await flow.ExecuteAsync(FormCards.Click(inline, "Create deal",
            (DealFields.Name, name), (DealFields.Stage, "1100000|closedwon"), (DealFields.Amount, "99"))));
        var reshownDialog = FormCards.DialogCard(await flow.SubmitAsync(FormCards.Click(dialog, "Create deal",
            (DealFields.Name, name), (DealFields.Stage, "default|1100001"), (DealFields.Amount, "99"))));

        foreach (var card in new[] { reshownInline, reshownDialog })
        {
            Assert.Contains("not part of the", FormCards.ErrorUnder(card, DealFields.Stage), StringComparison.Ordinal);
            Assert.Equal(name, FormCards.InputValue(card, DealFields.Name));
            Assert.Equal("99", FormCards.InputValue(card, DealFields.Amount));
        }
        Assert.Empty(await flow.StoredAsync("deals", "dealname", name));
    }

    [Fact]
    public async Task A_viewer_is_refused_on_both_hosts_and_nothing_is_created()
    {
        var editor = await CrmFlow.StartAsync(bot, bot.Editor);
        var form = FormCards.DialogCard(await editor.FetchAsync(DealVerbs.Create));
        var viewer = new CrmFlow(bot, bot.Viewer);
        var name = NewName();
        var click = FormCards.Click(form, "Create deal", (DealFields.Name, name), (DealFields.Stage, "default|qualifiedtobuy"));

        var inline = FormCards.ExecuteMessage(await viewer.ExecuteAsync(click));
        var dialog = FormCards.DialogMessage(await viewer.SubmitAsync(click));
        var said = await viewer.SayAsync("new deal");

        Assert.Contains("You need the Editor role", inline, StringComparison.Ordinal);
        Assert.Contains("You need the Editor role", dialog, StringComparison.Ordinal);
        Assert.True(said.VisibleText.Contains("You need the Editor role", StringComparison.Ordinal), said.VisibleText);
        Assert.Empty(await editor.StoredAsync("deals", "dealname", name));
        Assert.Contains(await viewer.AuditAsync(DealVerbs.Create), e => e.Outcome == AuditOutcomes.Denied);
    }

    [Fact]
    public async Task HubSpot_busy_keeps_the_form_and_says_try_again()
    {
        var flow = await CrmFlow.StartAsync(bot, bot.Editor);
        var form = (await flow.SayAsync("new deal")).Card!;
        var name = NewName();
        await bot.Sandbox.Admin.SetBehaviourAsync(new { errorRate = 1.0, errorStatusCode = 503 });
        JsonObject reshown;
        try
        {
            reshown = FormCards.ExecuteCard(await flow.ExecuteAsync(FormCards.Click(form, "Create deal", (DealFields.Name, name), (DealFields.Stage, "default|qualifiedtobuy"))));
        }
        finally
        {
            await bot.Sandbox.Admin.ResetBehaviourAsync();
        }

        // A 503 on the create cannot tell whether HubSpot stored the deal: the form says so instead of "nothing was changed".
        Assert.Contains(FailureMessages.HubSpotUnconfirmed, FormCards.Elements(reshown["body"]).Select(e => e["text"]?.GetValue<string>()));
        Assert.Equal(name, FormCards.InputValue(reshown, DealFields.Name));
        Assert.Equal("default|qualifiedtobuy", FormCards.InputValue(reshown, DealFields.Stage));

        var retried = FormCards.ExecuteCard(await flow.ExecuteAsync(FormCards.Click(reshown, "Create deal")));
        Assert.Contains("Deal created", FormCards.Elements(retried["body"]).Select(e => e["text"]?.GetValue<string>()));
        Assert.Single(await flow.StoredAsync("deals", "dealname", name));
    }

    [Fact]
    public async Task Contact_typeahead_answers_application_search_with_matching_contacts()
    {
        var flow = await CrmFlow.StartAsync(bot, bot.Editor);
        var (status, body) = await bot.Teams.InvokeAsync(Activities.Invoke(bot.Teams.ServiceUrl, flow.Conversation, bot.Editor, "application/search",
            new JsonObject { ["queryText"] = "lovelace", ["queryOptions"] = new JsonObject { ["skip"] = 0, ["top"] = 15 }, ["dataset"] = "contacts" }));
        var ada = await flow.Crm.GetContactByEmailAsync(CrmFlow.TenantId, "ada@example.com");

        Assert.Equal(System.Net.HttpStatusCode.OK, status);
        Assert.Equal("application/vnd.microsoft.search.searchResponse", body?["type"]?.GetValue<string>());
        var results = body!["value"]!["results"]!.AsArray();
        Assert.Contains(results, r => r!["value"]!.GetValue<string>() == ada!.Id && r["title"]!.GetValue<string>().Contains("ada@example.com", StringComparison.Ordinal));
    }
}
