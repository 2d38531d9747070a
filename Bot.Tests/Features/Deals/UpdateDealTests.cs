using Bot.Tests.Harness;
using HubSpotTeamsBot.Features.Common;
using HubSpotTeamsBot.Features.Deals;
using HubSpotTeamsBot.Forms;
using HubSpotTeamsBot.HubSpot;
using System.Text.Json.Nodes;

namespace Bot.Tests.Features.Deals;

/// <summary><c>update deal …</c>, Edit and Move stage on both hosts: only changes sent, lost updates refused, stages checked.</summary>
public sealed class UpdateDealTests(CrmBotFixture bot) : IClassFixture<CrmBotFixture>
{
    private static async Task<CrmObject> SeedDealAsync(CrmFlow flow, string name) =>
        await flow.Crm.CreateAsync(CrmFlow.TenantId, CrmObjectType.Deals, new Dictionary<string, string>
        {
            ["dealname"] = name, ["pipeline"] = "default", ["dealstage"] = "appointmentscheduled", ["amount"] = "100",
        });

    private static string NewName() => $"Upd {Guid.NewGuid():N}"[..18];

    private static string? Stored(CrmObject deal, string property) => deal[property];

    [Fact]
    public async Task Update_deal_by_name_opens_the_prefilled_form_inline_and_saves_only_the_change()
    {
        var flow = await CrmFlow.StartAsync(bot, bot.Editor);
        var name = NewName();
        var deal = await SeedDealAsync(flow, name);

        var form = (await flow.SayAsync($"update deal {name}")).Card!;
        Assert.Equal(name, FormCards.InputValue(form, DealFields.Name));
        Assert.Equal("100", FormCards.InputValue(form, DealFields.Amount));
        Assert.Equal("default|appointmentscheduled", FormCards.InputValue(form, DealFields.Stage));

        var saved = FormCards.ExecuteCard(await flow.ExecuteAsync(FormCards.Click(form, "Save", (DealFields.Amount, "200"))));

        Assert.Contains("Deal updated", FormCards.Elements(saved["body"]).Select(e => e["text"]?.GetValue<string>()));
        var now = await flow.Crm.GetAsync(CrmFlow.TenantId, CrmObjectType.Deals, deal.Id, ["amount", "dealname", "dealstage"]);
        Assert.Equal("200", Stored(now, "amount"));
        Assert.Equal("appointmentscheduled", Stored(now, "dealstage"));
        var audit = Assert.Single(await flow.AuditAsync(DealVerbs.Update), e => e.ObjectId == deal.Id);
        Assert.Equal(AuditOutcomes.Succeeded, audit.Outcome);
        Assert.Equal("changed amount", audit.Detail);
    }

    [Fact]
    public async Task Moving_to_a_stage_of_the_same_pipeline_audits_the_stage_only_in_the_one_wording()
    {
        var flow = await CrmFlow.StartAsync(bot, bot.Editor);
        var deal = await SeedDealAsync(flow, NewName());

        var form = (await flow.SayAsync($"update deal {deal.Id}")).Card!;
        await flow.ExecuteAsync(FormCards.Click(form, "Save", (DealFields.Stage, "default|qualifiedtobuy")));

        var audit = Assert.Single(await flow.AuditAsync(DealVerbs.Update), e => e.ObjectId == deal.Id);
        Assert.Equal("changed dealstage", audit.Detail);
        Assert.Equal("deal", audit.ObjectType);
        Assert.Equal("qualifiedtobuy", Stored(await flow.Crm.GetAsync(CrmFlow.TenantId, CrmObjectType.Deals, deal.Id, ["dealstage"]), "dealstage"));
    }

    [Fact]
    public async Task A_deal_changed_in_HubSpot_after_the_dialog_opened_is_not_overwritten_until_the_user_says_so()
    {
        var flow = await CrmFlow.StartAsync(bot, bot.Editor);
        var deal = await SeedDealAsync(flow, NewName());
        var dialog = FormCards.DialogCard(await flow.FetchAsync(DealVerbs.Update, new JsonObject { [FormKeys.RecordId] = deal.Id, [FormKeys.RecordType] = "deals" }));
        await flow.Crm.UpdateAsync(CrmFlow.TenantId, CrmObjectType.Deals, deal.Id, new Dictionary<string, string> { ["amount"] = "300" });

        var conflict = FormCards.DialogCard(await flow.SubmitAsync(FormCards.Click(dialog, "Save", (DealFields.Amount, "250"))));

        Assert.Contains(DealConflict.Banner, FormCards.Elements(conflict["body"]).Select(e => e["text"]?.GetValue<string>()));
        Assert.Equal("Now in HubSpot: 300", FormCards.ErrorUnder(conflict, DealFields.Amount));
        Assert.Equal("250", FormCards.InputValue(conflict, DealFields.Amount));
        Assert.Equal("300", Stored(await flow.Crm.GetAsync(CrmFlow.TenantId, CrmObjectType.Deals, deal.Id, ["amount"]), "amount"));

        var overwritten = await flow.SubmitAsync(FormCards.Click(conflict, "Overwrite with my values"));
        Assert.Contains("updated", FormCards.DialogMessage(overwritten), StringComparison.Ordinal);
        Assert.Equal("250", Stored(await flow.Crm.GetAsync(CrmFlow.TenantId, CrmObjectType.Deals, deal.Id, ["amount"]), "amount"));
    }

    [Fact]
    public async Task A_deal_that_already_holds_the_forms_values_is_no_conflict_so_a_click_after_an_unconfirmed_save_just_says_updated()
    {
        var flow = await CrmFlow.StartAsync(bot, bot.Editor);
        var deal = await SeedDealAsync(flow, NewName());
        var dialog = FormCards.DialogCard(await flow.FetchAsync(DealVerbs.Update, new JsonObject { [FormKeys.RecordId] = deal.Id, [FormKeys.RecordType] = "deals" }));
        // What an unconfirmed first click leaves behind: HubSpot stored the user's value, the form still has the old version.
        await flow.Crm.UpdateAsync(CrmFlow.TenantId, CrmObjectType.Deals, deal.Id, new Dictionary<string, string> { ["amount"] = "250" });

        var again = await flow.SubmitAsync(FormCards.Click(dialog, "Save", (DealFields.Amount, "250")));

        Assert.Equal("Deal updated.", FormCards.DialogMessage(again));
        Assert.Equal("250", Stored(await flow.Crm.GetAsync(CrmFlow.TenantId, CrmObjectType.Deals, deal.Id, ["amount"]), "amount"));
    }

    [Fact]
    public async Task Reload_after_a_conflict_shows_HubSpots_current_values_inline()
    {
        var flow = await CrmFlow.StartAsync(bot, bot.Editor);
        var deal = await SeedDealAsync(flow, NewName());
        var form = (await flow.SayAsync($"update deal {deal.Id}")).Card!;
        await flow.Crm.UpdateAsync(CrmFlow.TenantId, CrmObjectType.Deals, deal.Id, new Dictionary<string, string> { ["dealstage"] = "qualifiedtobuy" });

        var conflict = FormCards.ExecuteCard(await flow.ExecuteAsync(FormCards.Click(form, "Save", (DealFields.Amount, "150"))));
        Assert.NotNull(FormCards.ErrorUnder(conflict, DealFields.Stage));
        var reloaded = FormCards.ExecuteCard(await flow.ExecuteAsync(FormCards.Click(conflict, "Reload from HubSpot")));

        Assert.Equal("default|qualifiedtobuy", FormCards.InputValue(reloaded, DealFields.Stage));
        Assert.Equal("100", FormCards.InputValue(reloaded, DealFields.Amount));
        Assert.Equal("100", Stored(await flow.Crm.GetAsync(CrmFlow.TenantId, CrmObjectType.Deals, deal.Id, ["amount"]), "amount"));
    }

    [Fact]
    public async Task Move_stage_dialog_moves_the_deal_and_refuses_a_stage_of_another_pipeline()
    {
        var flow = await CrmFlow.StartAsync(bot, bot.Editor);
        var deal = await SeedDealAsync(flow, NewName());
        var dialog = FormCards.DialogCard(await flow.FetchAsync(DealVerbs.MoveStage, new JsonObject { [FormKeys.RecordId] = deal.Id }));

        var refused = FormCards.DialogCard(await flow.SubmitAsync(FormCards.Click(dialog, "Move", (DealFields.Stage, "default|1100001"))));
        Assert.Contains("not part of the", FormCards.ErrorUnder(refused, DealFields.Stage), StringComparison.Ordinal);

        var moved = await flow.SubmitAsync(FormCards.Click(dialog, "Move", (DealFields.Stage, "default|closedwon")));
        Assert.Equal("Stage moved.", FormCards.DialogMessage(moved));
        var now = await flow.Crm.GetAsync(CrmFlow.TenantId, CrmObjectType.Deals, deal.Id, ["dealstage", "amount"]);
        Assert.Equal("closedwon", Stored(now, "dealstage"));
        Assert.Equal("100", Stored(now, "amount"));
    }

    [Fact]
    public async Task Update_deal_lists_several_matches_and_says_when_none_match()
    {
        var flow = await CrmFlow.StartAsync(bot, bot.Editor);
        var stem = $"Twin{Guid.NewGuid():N}"[..12];
        await SeedDealAsync(flow, stem + " north");
        await SeedDealAsync(flow, stem + " south");

        var pick = (await flow.SayAsync($"update deal {stem}")).Card!;
        var none = await flow.SayAsync($"update deal Nothing{Guid.NewGuid():N}");

        Assert.Equal(2, pick["actions"]!.AsArray().Count);
        var opened = FormCards.ExecuteCard(await flow.ExecuteAsync(FormCards.Click(pick, stem + " south")));
        Assert.Equal(stem + " south", FormCards.InputValue(opened, DealFields.Name));
        Assert.Contains("No deal in HubSpot matches", none.VisibleText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_viewer_cannot_save_an_edit_and_the_deal_is_unchanged()
    {
        var flow = await CrmFlow.StartAsync(bot, bot.Editor);
        var deal = await SeedDealAsync(flow, NewName());
        var form = (await flow.SayAsync($"update deal {deal.Id}")).Card!;
        var viewer = new CrmFlow(bot, bot.Viewer);

        var answer = FormCards.ExecuteMessage(await viewer.ExecuteAsync(FormCards.Click(form, "Save", (DealFields.Amount, "1"))));

        Assert.Contains("You need the Editor role", answer, StringComparison.Ordinal);
        Assert.Equal("100", Stored(await flow.Crm.GetAsync(CrmFlow.TenantId, CrmObjectType.Deals, deal.Id, ["amount"]), "amount"));
    }
}
