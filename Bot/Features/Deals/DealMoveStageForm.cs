using System.Text.Json.Nodes;
using HubSpotTeamsBot.Cards;
using HubSpotTeamsBot.Features.Common;
using HubSpotTeamsBot.Forms;
using HubSpotTeamsBot.HubSpot;
using HubSpotTeamsBot.Identity;
using HubSpotTeamsBot.Records;
using HubSpotTeamsBot.BotFramework.Routing;

namespace HubSpotTeamsBot.Features.Deals;

/// <summary>The deal card's <i>Move stage</i> quick action: one pipeline › stage choice, with the same lost-update check.</summary>
public sealed class DealMoveStageForm(HubSpotCrmClient crm, DealRecords deals, AccessGuard guard, FormWriter writer)
{
    public FormDefinition Definition => new(DealVerbs.MoveStage, "Move stage", OpenAsync, SubmitAsync);

    public async Task<FormOutcome> OpenAsync(FormContext form)
    {
        var access = await guard.CheckAsync(form.Turn, AppRole.Editor, DealVerbs.MoveStage);
        if (!access.Allowed) return FormOutcome.Say(access.RefusalMessage);
        if (form.Submission.Value(FormKeys.RecordId) is not { } id) return FormOutcome.Say("Which deal? Use Move stage on a deal card.");
        CrmObject deal;
        try
        {
            deal = await deals.GetAsync(form.TenantId, id, form.CancellationToken);
        }
        catch (HubSpotNotFoundException)
        {
            return FormOutcome.Say("That deal no longer exists in HubSpot.");
        }
        var values = DealRecords.FormValues(deal);
        var state = new DealFormState(FormKeys.NewSubmissionId(), values, deal.Id, DealConflict.VersionOf(deal), values);
        var chrome = await DealFormChrome.LoadAsync(deals, form.TenantId, form.CancellationToken);
        return FormOutcome.Show(Form(form, chrome, state, FormProblems.None));
    }

    public async Task<FormOutcome> SubmitAsync(FormContext form)
    {
        // Only the stage comes back from this card; the other values are the ones it was opened with.
        var submitted = DealFormState.From(form.Submission);
        var state = submitted with { Values = new Dictionary<string, string?>(submitted.Original ?? new Dictionary<string, string?>(), StringComparer.Ordinal) { [DealFields.Stage] = submitted.Value(DealFields.Stage) } };
        var chrome = await DealFormChrome.LoadAsync(deals, form.TenantId, form.CancellationToken);
        return await writer.RunAsync(form, new FormWrite(
            DealVerbs.MoveStage,
            "deals",
            problems => Form(form, chrome, state, DealProblems.ForInputs(problems)),
            () => MoveAsync(form, chrome, state, form.Submission.Step == DealSteps.Overwrite),
            async id => FormOutcome.Done(await deals.CardAsync(form.TenantId, await deals.GetAsync(form.TenantId, id, form.CancellationToken), "Stage moved", form.CancellationToken), "Stage moved.")));
    }

    private async Task<FormWriteResult> MoveAsync(FormContext form, DealFormChrome chrome, DealFormState state, bool overwrite)
    {
        var ct = form.CancellationToken;
        if (state.RecordId is null || state.Original is null)
            return FormWriteResult.NothingWritten(FormOutcome.Say("This card is out of date. Use Move stage on the deal card again."));
        var current = await deals.GetAsync(form.TenantId, state.RecordId, ct);
        if (!overwrite && DealConflict.VersionOf(current) != state.Version)
        {
            var now = DealRecords.FormValues(current);
            return FormWriteResult.NothingWritten(FormOutcome.Show(Form(form, chrome, state,
                FormProblems.Fields(DealConflict.Changes(state.Original, now).Where(c => c.Key == DealFields.Stage).ToDictionary(), DealConflict.Banner))));
        }
        if (await DealStageCheck.ProblemAsync(crm, form.TenantId, state.Value(DealFields.Stage), ct) is { } problem)
            return FormWriteResult.NothingWritten(FormOutcome.Show(Form(form, chrome, state, FormProblems.Fields(new Dictionary<string, string> { [DealFields.Stage] = problem }))));

        _ = StageChoice.TryParse(state.Value(DealFields.Stage), out var pipeline, out var stage); // checked just above
        // The audit says what moved: the stage, and the pipeline only when that changed too.
        var moved = StageChoice.TryParse(state.Original.GetValueOrDefault(DealFields.Stage) ?? string.Empty, out var wasPipeline, out var wasStage)
            ? new[] { ("pipeline", wasPipeline != pipeline), ("dealstage", wasStage != stage || wasPipeline != pipeline) }.Where(c => c.Item2).Select(c => c.Item1)
            : ["pipeline", "dealstage"];
        await crm.UpdateAsync(form.TenantId, CrmObjectType.Deals, state.RecordId, new Dictionary<string, string> { ["pipeline"] = pipeline, ["dealstage"] = stage }, ct);
        var deal = await deals.GetAsync(form.TenantId, state.RecordId, ct);
        return new FormWriteResult(FormOutcome.Done(await deals.CardAsync(form.TenantId, deal, "Stage moved", ct), "Stage moved."), state.RecordId, Detail: AuditNouns.Changed(moved));
    }

    private static JsonObject Form(FormContext form, DealFormChrome chrome, DealFormState state, FormProblems problems)
    {
        var body = new List<JsonNode?> { Cards.Card.Heading($"Move stage: {CardText.Literal(state.Value(DealFields.Name))}"), problems.Banner is { } b ? Inputs.Banner(b) : null };
        body.AddRange(Inputs.WithError(
            Inputs.Choice(DealFields.Stage, "Pipeline › Stage", chrome.StagesKeeping(state.Value(DealFields.Stage)).Select(s => (s.Title, s.Value)), state.Value(DealFields.Stage), required: true),
            problems.For(DealFields.Stage)));
        var actions = new List<JsonNode?> { FormRoutes.Button(form.Host, "Move", DealVerbs.MoveStage, state.ButtonData()) };
        if (problems.Banner == DealConflict.Banner)
            actions.Add(FormRoutes.Button(form.Host, "Move anyway", DealVerbs.MoveStage, state.ButtonData(DealSteps.Overwrite)));
        return Cards.Card.Adaptive([.. body]).WithActions([.. actions]);
    }
}
