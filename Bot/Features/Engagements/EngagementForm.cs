using System.Text.Json.Nodes;
using HubSpotTeamsBot.Cards;
using HubSpotTeamsBot.Features.Common;
using HubSpotTeamsBot.Forms;
using HubSpotTeamsBot.HubSpot;
using HubSpotTeamsBot.Identity;
using HubSpotTeamsBot.Records;
using HubSpotTeamsBot.BotFramework.Routing;

namespace HubSpotTeamsBot.Features.Engagements;

/// <summary>
/// <i>Log activity</i> on a contact or deal card and <c>log note|call|meeting|task …</c>: the form, and the create of
/// the engagement associated with that record, owned by the acting user when they are a HubSpot user.
/// </summary>
public sealed class EngagementForm(HubSpotCrmClient crm, ActingOwner actingOwner, AccessGuard guard, FormWriter writer, RecordLinksProvider links, TimeProvider clock,
    OwnerPicker ownerPicker)
{
    public FormDefinition Definition => new(EngagementVerbs.Log, "Log activity", OpenAsync, SubmitAsync);

    public async Task<FormOutcome> OpenAsync(FormContext form)
    {
        var access = await guard.CheckAsync(form.Turn, AppRole.Editor, EngagementVerbs.Log);
        if (!access.Allowed) return FormOutcome.Say(access.RefusalMessage);
        if (EngagementFormState.RecordOf(form.Submission) is not { } record)
            return FormOutcome.Say("Which record? Use Log activity on a contact or deal card, or send e.g. **log note ada@example.com**.");

        var label = form.Submission.Value(EngagementFormState.RecordLabelKey);
        if (label is null)
        {
            try
            {
                label = await LabelAsync(form.TenantId, record, form.CancellationToken);
            }
            catch (HubSpotNotFoundException)
            {
                return FormOutcome.Say("That record no longer exists in HubSpot, so there is nothing to log on.");
            }
        }
        if (!EngagementKinds.TryParse(form.Submission.Value(EngagementFormState.KindKey), out var kind))
            return FormOutcome.Show(EngagementFormCard.Chooser(form.Host, record, label));
        return await FreshFormAsync(form, kind, record, label);
    }

    public async Task<FormOutcome> SubmitAsync(FormContext form)
    {
        if (form.Submission.Step == EngagementFormCard.ChooseStep) return await OpenAsync(form);
        if (EngagementFormState.From(form.Submission) is not { } state)
            return FormOutcome.Say("This form is out of date. Use Log activity on the record's card again.");

        var choices = await ChoicesAsync(form, state.Kind, await MeAsync(form, state.Kind));
        return await writer.RunAsync(form, new FormWrite(
            $"{state.Kind.Word()}.create",
            state.Kind.ObjectType().PathSegment(),
            problems => EngagementFormCard.Build(form.Host, state, choices, ForInputs(state.Kind, problems), ReaderTimeZone.Of(form.Turn.Activity)),
            () => CreateAsync(form, state, choices),
            async id => FormOutcome.Done(await ResultCardAsync(form, state, id, choices), $"{state.Kind} logged on {state.RecordLabel}."))
        {
            FindUnconfirmed = since => UnconfirmedSaves.FindAsync(crm, form.TenantId, state.Kind.ObjectType(), since,
                ContentOf(EngagementValues.Parse(state.Kind, state.Values, clock.GetUtcNow(), form.Turn.Who().Name ?? "a Teams user", null, ReaderTimeZone.Of(form.Turn.Activity))),
                state.Record, form.CancellationToken),
        });
    }

    /// <summary>What identifies a logged activity: its typed content, not the moment or the owner, which differ per attempt.</summary>
    private static Dictionary<string, string> ContentOf(EngagementValues values) =>
        values.Properties.Where(p => p.Key is not ("hs_timestamp" or "hubspot_owner_id")).ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);

    private async Task<FormWriteResult> CreateAsync(FormContext form, EngagementFormState state, EngagementChoices choices)
    {
        var ct = form.CancellationToken;
        var errors = new Dictionary<string, string>(StringComparer.Ordinal);
        string? ownerId = null;
        if (state.Kind == EngagementKind.Task && state.Value(EngagementFields.Assignee) is { Length: > 0 } assignee)
        {
            (ownerId, var error) = await ownerPicker.ResolveAsync(form.TenantId, assignee, ct);
            if (error is not null) errors[EngagementFields.Assignee] = error;
        }
        else
        {
            ownerId = (await actingOwner.FindAsync(form.Turn))?.Id;
        }

        var values = EngagementValues.Parse(state.Kind, state.Values, clock.GetUtcNow(), form.Turn.Who().Name ?? "a Teams user", ownerId, ReaderTimeZone.Of(form.Turn.Activity));
        foreach (var (field, error) in values.Errors) errors[field] = error;
        if (errors.Count > 0)
            return FormWriteResult.NothingWritten(FormOutcome.Show(EngagementFormCard.Build(form.Host, state, choices, FormProblems.Fields(errors), ReaderTimeZone.Of(form.Turn.Activity))));

        // Read before the write: once HubSpot holds the engagement, nothing may fail and report it as not saved.
        var recordLinks = await links.GetAsync(form.TenantId, ct);
        var created = await crm.CreateEngagementAsync(form.TenantId, state.Kind.ObjectType(), values.Properties, [state.Record], ct);
        return new FormWriteResult(
            FormOutcome.Done(ResultCard(state, created.Id, recordLinks, choices), $"{state.Kind} logged on {state.RecordLabel}."),
            created.Id,
            Detail: $"on {AuditNouns.Record(state.Record.Type, state.Record.Id)}" + (ownerId is null ? "; no owner matched" : $"; owner {ownerId}"));
    }

    private async Task<FormOutcome> FreshFormAsync(FormContext form, EngagementKind kind, CrmRecordRef record, string label)
    {
        var values = new Dictionary<string, string?>(StringComparer.Ordinal);
        var today = clock.GetUtcNow();
        var me = await MeAsync(form, kind);
        var choices = await ChoicesAsync(form, kind, me);
        if (kind == EngagementKind.Task)
        {
            // The picker's value is an owner id; the email box it falls back to takes an email.
            values[EngagementFields.Assignee] = choices.Owners is { Listed: true } ? me?.Id : me?.Email;
            values[EngagementFields.DueDate] = today.AddDays(1).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        }
        if (kind == EngagementKind.Meeting) values[EngagementFields.Date] = today.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var state = new EngagementFormState(FormKeys.NewSubmissionId(), kind, record, label, values);
        return FormOutcome.Show(EngagementFormCard.Build(form.Host, state, choices, FormProblems.None, ReaderTimeZone.Of(form.Turn.Activity)));
    }

    /// <summary>The acting user's owner, needed only where the form offers an owner picker (tasks).</summary>
    private async Task<HubSpotOwner?> MeAsync(FormContext form, EngagementKind kind) =>
        kind == EngagementKind.Task ? await actingOwner.FindAsync(form.Turn) : null;

    private async Task<EngagementChoices> ChoicesAsync(FormContext form, EngagementKind kind, HubSpotOwner? me)
    {
        var choices = await EngagementChoices.LoadAsync(crm, form.TenantId, kind, form.CancellationToken);
        return kind == EngagementKind.Task ? choices with { Owners = await ownerPicker.LoadAsync(form.TenantId, me, form.CancellationToken) } : choices;
    }

    private async Task<JsonObject> ResultCardAsync(FormContext form, EngagementFormState state, string engagementId, EngagementChoices choices) =>
        ResultCard(state, engagementId, await links.GetAsync(form.TenantId, form.CancellationToken), choices);

    /// <summary>The confirmation: the record as a real link to it in HubSpot, and what was logged, with the portal's
    /// labels for task type and priority and the call's or meeting's outcome (never their internal values).</summary>
    internal static JsonObject ResultCard(EngagementFormState state, string engagementId, HubSpotRecordLinks recordLinks, EngagementChoices? choices = null)
    {
        var url = state.Record.Type == CrmObjectType.Deals ? recordLinks.Deal(state.Record.Id) : recordLinks.Contact(state.Record.Id);
        string? Label(string field, string property) => state.Value(field) is { Length: > 0 } value
            ? choices?.For(property).FirstOrDefault(c => c.Value == value).Title ?? value
            : null;
        var facts = state.Kind switch
        {
            EngagementKind.Task => Card.Facts(
                ("Type", Label(EngagementFields.TaskType, "hs_task_type")),
                ("Priority", Label(EngagementFields.Priority, "hs_task_priority")),
                ("Due", state.Value(EngagementFields.DueDate))).WithDate("Due", state.Value(EngagementFields.DueDate)),
            EngagementKind.Call => Card.Facts(
                ("Direction", Label(EngagementFields.Direction, "hs_call_direction")),
                ("Outcome", Label(EngagementFields.Status, "hs_call_status"))),
            EngagementKind.Meeting => Card.Facts(("Outcome", Label(EngagementFields.Outcome, "hs_meeting_outcome"))),
            _ => null,
        };
        return Card.Adaptive(
                Card.Heading($"{state.Kind} logged on [{CardText.Literal(state.RecordLabel)}]({url})"),
                facts is { } f && f["facts"]!.AsArray().Count > 0 ? f : null,
                Card.Text($"It is on the {(state.Record.Type == CrmObjectType.Deals ? "deal" : "contact")}'s timeline in HubSpot ({state.Kind.Word()} {engagementId}).", subtle: true))
            .WithActions(
                Card.OpenUrl("Open in HubSpot", url),
                RecordCards.OpenDialog("Log another", EngagementVerbs.Log, EngagementFormState.Target(state.Record, state.RecordLabel)));
    }

    public async Task<string> LabelAsync(string tenantId, CrmRecordRef record, CancellationToken ct) => record.Type == CrmObjectType.Deals
        ? RecordMatch.Deal(await crm.GetAsync(tenantId, CrmObjectType.Deals, record.Id, ["dealname"], ct: ct)).Title
        : RecordMatch.Contact(await crm.GetAsync(tenantId, CrmObjectType.Contacts, record.Id, ["firstname", "lastname", "email"], ct: ct)).Title;

    private static FormProblems ForInputs(EngagementKind kind, FormProblems problems) => problems with
    {
        FieldErrors = problems.FieldErrors
            .GroupBy(p => EngagementFormState.InputIds.Contains(p.Key) ? p.Key : EngagementFields.ForProperty(kind, p.Key))
            .ToDictionary(g => g.Key, g => string.Join(" ", g.Select(p => p.Value)), StringComparer.Ordinal),
    };
}
