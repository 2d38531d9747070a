using System.Text.Json.Nodes;
using HubSpotTeamsBot.Features.Common;
using HubSpotTeamsBot.Forms;
using HubSpotTeamsBot.HubSpot;
using HubSpotTeamsBot.Identity;
using HubSpotTeamsBot.Records;
using HubSpotTeamsBot.Records.Schema;
using HubSpotTeamsBot.Storage;
using HubSpotTeamsBot.BotFramework.Routing;

namespace HubSpotTeamsBot.Features.Deals;

/// <summary>
/// <c>update deal …</c> and the deal card's <i>Edit</i>: the create form prefilled, saving only changed fields and
/// refusing to overwrite a deal that changed in HubSpot since the form was opened. The fields an admin chose for the
/// edit form (<see cref="FormKind.DealUpdate"/>, custom properties included) follow the form's own, in the admin's order.
/// </summary>
public sealed class DealUpdateForm(HubSpotCrmClient crm, DealRecords deals, DealPeople people, AccessGuard guard, FormWriter writer, OwnerPicker ownerPicker,
    ActingOwner actingOwner, RecordSchema schemas)
{
    public FormDefinition Definition => new(DealVerbs.Update, "Update deal", OpenAsync, SubmitAsync);

    public async Task<FormOutcome> OpenAsync(FormContext form)
    {
        var access = await guard.CheckAsync(form.Turn, AppRole.Editor, DealVerbs.Update);
        if (!access.Allowed) return FormOutcome.Say(access.RefusalMessage);
        if (form.Submission.Value(FormKeys.RecordId) is not { } id) return FormOutcome.Say("Which deal? Send **update deal** followed by its name or id.");
        return await FreshFormAsync(form, id, FormProblems.None);
    }

    public async Task<FormOutcome> SubmitAsync(FormContext form)
    {
        var step = form.Submission.Step;
        if (step is DealSteps.Open or DealSteps.Reload)
        {
            // Opening or reloading writes nothing; the role is still checked so a Viewer never sees an edit form.
            var access = await guard.CheckAsync(form.Turn, AppRole.Editor, DealVerbs.Update);
            if (!access.Allowed) return FormOutcome.Say(access.RefusalMessage);
            return await FreshFormAsync(form, form.Submission.Value(FormKeys.RecordId) ?? string.Empty,
                step == DealSteps.Reload ? FormProblems.Message("Reloaded the latest values from HubSpot. Make your changes again and save.") : FormProblems.None);
        }

        var schema = await schemas.LoadAsync(form.TenantId, FormKind.DealUpdate, form.CancellationToken);
        var custom = CustomNames(schema);
        var state = DealFormState.From(form.Submission, custom);
        var chrome = await (await DealFormChrome.LoadAsync(deals, form.TenantId, form.CancellationToken))
            .WithOwnersAsync(ownerPicker, await actingOwner.FindAsync(form.Turn), form.TenantId, form.CancellationToken);
        return await writer.RunAsync(form, new FormWrite(
            DealVerbs.Update,
            "deals",
            problems => Card(form, chrome, state, DealProblems.ForInputs(problems, custom), schema),
            () => SaveAsync(form, chrome, state, schema, overwrite: step == DealSteps.Overwrite),
            async id => FormOutcome.Done(await deals.CardAsync(form.TenantId, await deals.GetAsync(form.TenantId, id, form.CancellationToken), "Deal updated", form.CancellationToken), "Deal updated.")));
    }

    private async Task<FormWriteResult> SaveAsync(FormContext form, DealFormChrome chrome, DealFormState state, FormSchema schema, bool overwrite)
    {
        var ct = form.CancellationToken;
        var fields = DealFormCard.CustomFields(schema).ToList();
        var custom = CustomNames(schema);
        if (state.RecordId is null || state.Original is null)
            return FormWriteResult.NothingWritten(FormOutcome.Say("This form is out of date. Send **update deal** again to get a fresh one."));

        CrmObject current;
        try
        {
            current = await deals.GetAsync(form.TenantId, state.RecordId, custom, ct);
        }
        catch (HubSpotNotFoundException)
        {
            return FormWriteResult.NothingWritten(FormOutcome.Say("This deal no longer exists in HubSpot (it was deleted or merged). Nothing was saved."));
        }

        if (!overwrite && DealConflict.VersionOf(current) != state.Version)
        {
            var now = DealRecords.FormValues(current, custom);
            var changedSinceOpened = DealConflict.Changes(state.Original, now);
            // HubSpot already holds every value on the form (e.g. an earlier click HubSpot did not confirm did land):
            // the change since the form opened is the user's own, so there is nothing to save and no conflict to show.
            if (DealConflict.Changes(state.Values, now, fields).Count == 0)
            {
                var headline = changedSinceOpened.Count > 0 ? "Deal updated" : "Nothing changed";
                return FormWriteResult.NothingWritten(FormOutcome.Done(await deals.CardAsync(form.TenantId, current, headline, ct), headline + "."));
            }
            return FormWriteResult.NothingWritten(FormOutcome.Show(Card(form, chrome, state, FormProblems.Fields(changedSinceOpened, DealConflict.Banner), schema)));
        }

        var edited = DealValues.Parse(state.Values, creating: false);
        var errors = new Dictionary<string, string>(edited.Errors, StringComparer.Ordinal);
        foreach (var (field, error) in FieldValues.ParseAll(fields, state.Values).Errors) errors[field] = error;
        if (!errors.ContainsKey(DealFields.Stage) && await DealStageCheck.ProblemAsync(crm, form.TenantId, state.Value(DealFields.Stage), ct) is { } stageProblem)
            errors[DealFields.Stage] = stageProblem;
        var ownerChanged = !string.Equals(state.Value(DealFields.Owner), state.Original.GetValueOrDefault(DealFields.Owner) ?? string.Empty, StringComparison.OrdinalIgnoreCase);
        var resolved = ownerChanged ? await people.ResolveAsync(form.TenantId, state, withContact: false, ct) : null;
        foreach (var (field, error) in resolved?.Errors ?? []) errors[field] = error;
        if (errors.Count > 0)
            return FormWriteResult.NothingWritten(FormOutcome.Show(Card(form, chrome, state, FormProblems.Fields(errors), schema)));

        var opened = DealValues.Parse(state.Original, creating: false).Properties.ToDictionary(p => p.Key, p => (string?)p.Value, StringComparer.Ordinal);
        var changes = new Dictionary<string, string>(CrmPropertyChanges.Between(opened, edited.Properties.ToDictionary(p => p.Key, p => (string?)p.Value)), StringComparer.Ordinal);
        if (ownerChanged) changes["hubspot_owner_id"] = resolved?.OwnerId ?? string.Empty;
        // The admin's fields by meaning: a date-time HubSpot returned as ISO and shown as its day is no change.
        foreach (var (property, value) in FieldValues.Changes(fields, state.Original, state.Values)) changes[property] = value;
        // The audit names what the person changed, before the pipeline is added to travel with a new stage.
        var detail = AuditNouns.Changed(changes.Keys);
        if (changes.ContainsKey("dealstage") || changes.ContainsKey("pipeline"))
        {
            // HubSpot checks the stage against the pipeline it is sent with: send both together.
            changes["pipeline"] = edited.Properties["pipeline"];
            changes["dealstage"] = edited.Properties["dealstage"];
        }
        if (changes.Count == 0)
            return FormWriteResult.NothingWritten(FormOutcome.Done(await deals.CardAsync(form.TenantId, current, "Nothing changed", ct), "Nothing changed, so nothing was saved."));

        try
        {
            await crm.UpdateAsync(form.TenantId, CrmObjectType.Deals, state.RecordId, changes, ct);
        }
        catch (HubSpotValidationException refused)
        {
            return FormWriteResult.NothingWritten(await RefusedAsync(form, chrome, state, schema, refused));
        }
        try
        {
            var deal = await deals.GetAsync(form.TenantId, state.RecordId, ct);
            return new FormWriteResult(FormOutcome.Done(await deals.CardAsync(form.TenantId, deal, "Deal updated", ct), $"Deal “{deal["dealname"]}” updated."),
                state.RecordId, Detail: detail);
        }
        catch (Exception e) when (e is HubSpotException and not HubSpotAuthException or StorageUnavailableException)
        {
            // Saved already: a failed read-back must not tell the user "nothing was changed".
            var name = state.Value(DealFields.Name);
            return new FormWriteResult(FormOutcome.Done(DealRecords.SavedWithoutDetails("Deal updated", name, state.RecordId), $"Deal “{name}” updated."),
                state.RecordId, Detail: detail);
        }
    }

    /// <summary>
    /// HubSpot's errors go under their inputs with the values kept; a property or option it named that the cached
    /// definitions did not know rebuilds the form from fresh definitions.
    /// </summary>
    private async Task<FormOutcome> RefusedAsync(FormContext form, DealFormChrome chrome, DealFormState state, FormSchema schema, HubSpotValidationException refused)
    {
        var learned = SchemaErrors.From(refused, [.. CustomNames(schema), .. DealFormState.InputIds, .. FormKind.DealBuiltIn]);
        if (await schemas.LearnAsync(form.TenantId, FormKind.DealUpdate, learned, form.CancellationToken))
            schema = await schemas.LoadAsync(form.TenantId, FormKind.DealUpdate, form.CancellationToken);
        var problems = DealProblems.ForInputs(FormProblems.Fields(
            refused.FieldErrors.ToDictionary(e => e.Key, e => $"HubSpot: {e.Value}", StringComparer.Ordinal), learned.Banner), CustomNames(schema));
        return FormOutcome.Show(Card(form, chrome, state, problems, schema));
    }

    private async Task<FormOutcome> FreshFormAsync(FormContext form, string id, FormProblems problems)
    {
        var schema = await schemas.LoadAsync(form.TenantId, FormKind.DealUpdate, form.CancellationToken);
        var custom = CustomNames(schema);
        CrmObject deal;
        try
        {
            deal = await deals.GetAsync(form.TenantId, id, custom, form.CancellationToken);
        }
        catch (HubSpotNotFoundException)
        {
            return FormOutcome.Say("I couldn't find that deal in HubSpot; it may have been deleted. Send **update deal** with its name to look again.");
        }
        var values = DealRecords.FormValues(deal, custom);
        var state = new DealFormState(FormKeys.NewSubmissionId(), values, deal.Id, DealConflict.VersionOf(deal), values);
        var chrome = await (await DealFormChrome.LoadAsync(deals, form.TenantId, form.CancellationToken))
            .WithOwnersAsync(ownerPicker, await actingOwner.FindAsync(form.Turn), form.TenantId, form.CancellationToken);
        return FormOutcome.Show(Card(form, chrome, state, problems, schema));
    }

    /// <summary>The properties the admin put on the edit form besides its own inputs.</summary>
    private static List<string> CustomNames(FormSchema schema) => DealFormCard.CustomFields(schema).Select(f => f.Name).ToList();

    private static JsonObject Card(FormContext form, DealFormChrome chrome, DealFormState state, FormProblems problems, FormSchema schema) =>
        DealFormCard.Build(form.Host, state, chrome.StagesKeeping(state.Value(DealFields.Stage)), chrome.Currency, problems, schema, chrome.Owners);
}
