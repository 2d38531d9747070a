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

/// <summary><c>new deal</c> and the contact card's <i>New deal</i>: the form, and the create behind it.</summary>
public sealed class DealCreateForm(HubSpotCrmClient crm, DealRecords deals, DealPeople people, ActingOwner actingOwner, AccessGuard guard, FormWriter writer,
    RecordSchema schemas, OwnerPicker ownerPicker)
{
    public const string ContactIdKey = "contactId";

    public FormDefinition Definition => new(DealVerbs.Create, "New deal", OpenAsync, SubmitAsync);

    /// <summary>A fresh form; <paramref name="contactId"/> pre-associates the contact the form was opened from.</summary>
    public async Task<FormOutcome> OpenAsync(FormContext form)
    {
        var access = await guard.CheckAsync(form.Turn, AppRole.Editor, DealVerbs.Create);
        if (!access.Allowed) return FormOutcome.Say(access.RefusalMessage);

        var values = new Dictionary<string, string?>(StringComparer.Ordinal);
        string? contactLabel = null;
        if (form.Submission.Value(ContactIdKey) is { } contactId)
        {
            values[DealFields.Contact] = contactId;
            try
            {
                contactLabel = RecordMatch.Contact(await crm.GetAsync(form.TenantId, CrmObjectType.Contacts, contactId, ["firstname", "lastname", "email"], ct: form.CancellationToken)).Title;
            }
            catch (HubSpotNotFoundException)
            {
                return FormOutcome.Say("That contact no longer exists in HubSpot, so I can't start a deal for it. Send **new deal** to start one without it.");
            }
        }
        var me = await actingOwner.FindAsync(form.Turn);
        var chrome = await (await DealFormChrome.LoadAsync(deals, form.TenantId, form.CancellationToken)).WithOwnersAsync(ownerPicker, me, form.TenantId, form.CancellationToken);
        // The picker's value is an owner id; the email box it falls back to takes an email.
        values[DealFields.Owner] = (chrome.Owners is { Listed: true } ? me?.Id : me?.Email) ?? string.Empty;
        var state = new DealFormState(FormKeys.NewSubmissionId(), values, ContactLabel: contactLabel);
        var schema = await schemas.LoadAsync(form.TenantId, FormKind.DealCreate, form.CancellationToken);
        return FormOutcome.Show(Card(form, chrome, state, FormProblems.None, schema));
    }

    public async Task<FormOutcome> SubmitAsync(FormContext form)
    {
        var schema = await schemas.LoadAsync(form.TenantId, FormKind.DealCreate, form.CancellationToken);
        var custom = DealFormCard.CustomFields(schema).Select(f => f.Name).ToList();
        var state = DealFormState.From(form.Submission, custom);
        var chrome = await (await DealFormChrome.LoadAsync(deals, form.TenantId, form.CancellationToken))
            .WithOwnersAsync(ownerPicker, await actingOwner.FindAsync(form.Turn), form.TenantId, form.CancellationToken);
        return await writer.RunAsync(form, new FormWrite(
            DealVerbs.Create,
            "deals",
            problems => Card(form, chrome, state, DealProblems.ForInputs(problems, custom), schema),
            () => CreateAsync(form, chrome, state, schema),
            async id => FormOutcome.Done(await deals.CardAsync(form.TenantId, await deals.GetAsync(form.TenantId, id, form.CancellationToken), "Deal created", form.CancellationToken), "Deal created."))
        {
            FindUnconfirmed = since => DealValues.Parse(state.Values, creating: true).Properties.TryGetValue("dealname", out var name)
                ? UnconfirmedSaves.FindAsync(crm, form.TenantId, CrmObjectType.Deals, since, new Dictionary<string, string> { ["dealname"] = name }, null, form.CancellationToken)
                : Task.FromResult<string?>(null),
        });
    }

    private async Task<FormWriteResult> CreateAsync(FormContext form, DealFormChrome chrome, DealFormState state, FormSchema schema)
    {
        var ct = form.CancellationToken;
        var values = DealValues.Parse(state.Values, creating: true);
        var errors = new Dictionary<string, string>(values.Errors, StringComparer.Ordinal);
        var (customValues, customErrors) = FieldValues.ParseAll(DealFormCard.CustomFields(schema), state.Values);
        foreach (var (field, error) in customErrors) errors[field] = error;
        if (!errors.ContainsKey(DealFields.Stage) && await DealStageCheck.ProblemAsync(crm, form.TenantId, state.Value(DealFields.Stage), ct) is { } stageProblem)
            errors[DealFields.Stage] = stageProblem;
        var resolved = await people.ResolveAsync(form.TenantId, state, withContact: true, ct);
        foreach (var (field, error) in resolved.Errors) errors[field] = error;
        if (errors.Count > 0)
            return FormWriteResult.NothingWritten(FormOutcome.Show(Card(form, chrome, state, FormProblems.Fields(errors), schema)));

        var properties = new Dictionary<string, string>(values.Properties, StringComparer.Ordinal);
        foreach (var (field, value) in customValues) if (!string.IsNullOrEmpty(value)) properties[field] = value;
        if (resolved.OwnerId is not null) properties["hubspot_owner_id"] = resolved.OwnerId;
        var associate = resolved.ContactId is null ? [] : new[] { new CrmRecordRef(CrmObjectType.Contacts, resolved.ContactId) };
        CrmObject created;
        try
        {
            created = await crm.CreateAsync(form.TenantId, CrmObjectType.Deals, properties, associate, ct);
        }
        catch (HubSpotValidationException refused)
        {
            // HubSpot's errors go under their inputs with the values kept; a property or option it named that the
            // cached definitions did not know, or one it requires, rebuilds the form from fresh definitions.
            var onForm = DealFormCard.CustomFields(schema).Select(f => f.Name).Concat(DealFormState.InputIds).ToList();
            var learned = SchemaErrors.From(refused, onForm);
            if (await schemas.LearnAsync(form.TenantId, FormKind.DealCreate, learned, ct))
                schema = await schemas.LoadAsync(form.TenantId, FormKind.DealCreate, ct);
            var custom = DealFormCard.CustomFields(schema).Select(f => f.Name).ToList();
            var problems = DealProblems.ForInputs(FormProblems.Fields(
                refused.FieldErrors.ToDictionary(e => e.Key, e => e.Value, StringComparer.Ordinal), learned.Banner), custom);
            return FormWriteResult.NothingWritten(FormOutcome.Show(Card(form, chrome, state, problems, schema)));
        }
        var detail = resolved.ContactId is null ? null : $"associated contact {resolved.ContactId}";
        try
        {
            var deal = await deals.GetAsync(form.TenantId, created.Id, ct);
            var card = await deals.CardAsync(form.TenantId, deal, "Deal created", ct);
            return new FormWriteResult(FormOutcome.Done(card, $"Deal “{deal["dealname"]}” created."), created.Id, Detail: detail);
        }
        catch (Exception e) when (e is HubSpotException and not HubSpotAuthException or StorageUnavailableException)
        {
            // The deal exists: a failure while reading it back for the card must not report the create as failed
            // (the form would be released and the next click would create a second deal).
            var name = properties.GetValueOrDefault("dealname") ?? created.Id;
            return new FormWriteResult(FormOutcome.Done(DealRecords.SavedWithoutDetails("Deal created", name, created.Id), $"Deal “{name}” created."), created.Id, Detail: detail);
        }
    }

    private static JsonObject Card(FormContext form, DealFormChrome chrome, DealFormState state, FormProblems problems, FormSchema? schema) =>
        DealFormCard.Build(form.Host, state, chrome.StagesKeeping(state.Value(DealFields.Stage)), chrome.Currency, problems, schema, chrome.Owners);
}
