using HubSpotTeamsBot.BotFramework.Routing;
using HubSpotTeamsBot.Cards;
using HubSpotTeamsBot.Features.Common;
using HubSpotTeamsBot.Forms;
using HubSpotTeamsBot.HubSpot;
using HubSpotTeamsBot.Identity;
using HubSpotTeamsBot.Records;
using HubSpotTeamsBot.Records.Schema;

namespace HubSpotTeamsBot.Features.Contacts;

/// <summary><c>new contact</c>, <c>edit contact …</c> and the contact form on both hosts.</summary>
public sealed class ContactsFeature(
    HubSpotCrmClient crm, ContactFormSource source, RecordResolver lookup, FormWriter writer, AccessGuard guard, RecordLinksProvider links, ChannelAudience audience,
    RecordSchema schemas, RecordCardFields cardFields) : IBotFeature
{
    /// <summary>edit contact finds contacts only, with their form properties, and lists up to ten.</summary>
    private static readonly RecordQuery ContactQuery = new(RecordKinds.Contacts) { ContactProperties = ContactFields.Read, Limit = 10 };

    public void MapRoutes(BotRoutes routes) => routes
        .OnCommand("new contact", RouteAccess.Editor(RecordCards.Verbs.ContactCreate), NewContactAsync, "add contact", "create contact")
        .OnCommand("edit contact", RouteAccess.Editor(RecordCards.Verbs.ContactUpdate), EditContactAsync, "update contact")
        .OnForm(new FormDefinition(RecordCards.Verbs.ContactCreate, "New contact", OpenCreateAsync, CreateAsync))
        .OnForm(new FormDefinition(RecordCards.Verbs.ContactUpdate, "Edit contact", OpenEditAsync, UpdateAsync));

    private async Task NewContactAsync(TurnContext turn)
    {
        var access = await guard.CheckAsync(turn, AppRole.Editor, RecordCards.Verbs.ContactCreate);
        if (!access.Allowed)
        {
            await turn.SendTextAsync(access.RefusalMessage);
            return;
        }
        // The blank form lists the portal's HubSpot owners (names and emails).
        if (await audience.RefusedAsync(turn)) return;
        await turn.SendCardAsync(await BlankFormAsync(turn, FormHost.Inline));
    }

    private async Task EditContactAsync(TurnContext turn)
    {
        var access = await guard.CheckAsync(turn, AppRole.Editor, RecordCards.Verbs.ContactUpdate);
        if (!access.Allowed)
        {
            await turn.SendTextAsync(access.RefusalMessage);
            return;
        }
        var query = turn.CommandArguments.Trim();
        if (query.Length == 0)
        {
            await turn.SendTextAsync("Which contact? Send **edit contact** followed by an email, a name or a HubSpot id, e.g. `edit contact ada@example.com`.");
            return;
        }
        if (await audience.RefusedAsync(turn)) return;
        var matches = (await lookup.FindAsync(turn.TenantId ?? string.Empty, query, ContactQuery, turn.CancellationToken)).Select(f => f.Record).ToList();
        await (matches.Count switch
        {
            0 => turn.SendCardAsync(ContactCards.NotFound(query)),
            1 => turn.SendCardAsync(await EditFormAsync(turn, FormHost.Inline, matches[0])),
            _ => turn.SendCardAsync(ContactCards.PickList(matches, query)),
        });
    }

    private async Task<FormOutcome> OpenCreateAsync(FormContext form) =>
        await RefusedAsync(form, RecordCards.Verbs.ContactCreate) ?? FormOutcome.Show(await BlankFormAsync(form.Turn, form.Host));

    private async Task<FormOutcome> OpenEditAsync(FormContext form)
    {
        if (await RefusedAsync(form, RecordCards.Verbs.ContactUpdate) is { } refused) return refused;
        if (form.Submission.Value(FormKeys.RecordId) is not { } id) return FormOutcome.Say("Which contact? Send **edit contact** followed by an email, a name or an id.");
        var schema = await schemas.LoadAsync(form.TenantId, FormKind.ContactUpdate, form.CancellationToken);
        var contact = await lookup.GetAsync(form.TenantId, CrmObjectType.Contacts, id, [.. ContactFields.Read.Union(schema.Names, StringComparer.Ordinal)], form.CancellationToken);
        // From the duplicate answer: what was typed for the new contact goes over the record's values (the save then
        // sends exactly those differences); nothing typed is dropped on the way.
        var typed = form.Submission.Step == ContactSteps.UpdateWithTyped && form.Submission.Data[ContactSteps.TypedKey] is System.Text.Json.Nodes.JsonObject carried
            ? carried.Where(p => (ContactFields.All.Contains(p.Key) || schema.Fields.ContainsKey(p.Key)) && p.Value is System.Text.Json.Nodes.JsonValue v && v.TryGetValue<string>(out var text) && text.Length > 0)
                .ToDictionary(p => p.Key, p => p.Value!.GetValue<string>(), StringComparer.Ordinal)
            : null;
        return contact is null
            ? FormOutcome.Say("That contact no longer exists in HubSpot.")
            : FormOutcome.Show(await EditFormAsync(form.Turn, form.Host, contact, typed, schema));
    }

    private async Task<FormOutcome> CreateAsync(FormContext form)
    {
        if (form.Submission.Step == ContactSteps.Open) return await OpenCreateAsync(form);
        var submission = form.Submission;
        var options = await source.LoadAsync(form.Turn);
        var schema = await schemas.LoadAsync(form.TenantId, FormKind.ContactCreate, form.CancellationToken);
        var values = submission.Values(Names(schema));
        // A client that sent no owner at all gets the acting user, as the form would have defaulted it.
        if (values.ContainsKey(ContactFields.Owner) && !submission.Data.ContainsKey(ContactFields.Owner) && options.ActingOwnerId is { } me) values[ContactFields.Owner] = me;
        var state = new ContactFormState(submission.SubmissionId ?? FormKeys.NewSubmissionId(), values);
        var recordLinks = await links.GetAsync(form.TenantId, form.CancellationToken);
        // Read before the write: nothing after HubSpot has the contact may fail on our storage and say nothing was saved.
        var more = await cardFields.ForAsync(form.TenantId, CrmObjectType.Contacts, form.CancellationToken);

        return await writer.RunAsync(form, new FormWrite(
            RecordCards.Verbs.ContactCreate,
            "contact",
            problems => ContactForm.Build(form.Host, state, options, problems, schema),
            async () =>
            {
                if (Invalid(form, state, options, schema) is { } invalid) return invalid;
                var email = values[ContactFields.Email]!;
                var existing = await crm.GetContactByEmailAsync(form.TenantId, email, ContactFields.Read, form.CancellationToken);
                if (existing is not null)
                    return FormWriteResult.NothingWritten(FormOutcome.Show(ContactCards.Duplicate(form.Host, existing, recordLinks, options, values)));
                CrmObject created;
                try
                {
                    created = await crm.CreateAsync(form.TenantId, CrmObjectType.Contacts,
                        Normalised(schema, values).Where(v => !string.IsNullOrEmpty(v.Value)).ToDictionary(v => v.Key, v => v.Value!), ct: form.CancellationToken);
                }
                catch (HubSpotValidationException refused)
                {
                    return FormWriteResult.NothingWritten(await RefusedFormAsync(form, FormKind.ContactCreate, schema, state, options, refused));
                }
                catch (HubSpotConflictException conflict) when (conflict.ExistingId is { } existingId)
                {
                    var other = await crm.GetAsync(form.TenantId, CrmObjectType.Contacts, existingId, ContactFields.Read, ct: form.CancellationToken);
                    return FormWriteResult.NothingWritten(FormOutcome.Show(ContactCards.Duplicate(form.Host, other, recordLinks, options, values)));
                }
                var card = ContactCards.Result(Merge(created, values), recordLinks, options, "Contact created", more);
                return new FormWriteResult(FormOutcome.Done(card, $"Created contact {RecordNames.Contact(Merge(created, values))}."), created.Id);
            },
            async id => await AlreadyDoneAsync(form, id, options, "Contact created (your first click already saved it)"))
        {
            // The email is unique in HubSpot and read by id property (no search lag): a contact with it created since
            // the unconfirmed attempt began is that attempt's record.
            FindUnconfirmed = async since =>
                values.GetValueOrDefault(ContactFields.Email) is { Length: > 0 } email
                && await crm.GetContactByEmailAsync(form.TenantId, email, ContactFields.Read, form.CancellationToken) is { } found
                && found.CreatedAt >= since - UnconfirmedSaves.ClockSkew
                    ? found.Id
                    : null,
        });
    }

    /// <summary>Our own checks before HubSpot's: the form comes back with the person's values and a message by each field.</summary>
    private static FormWriteResult? Invalid(FormContext form, ContactFormState state, ContactFormOptions options, FormSchema schema)
    {
        var errors = ContactValidation.Check(state.Values, options);
        foreach (var (field, error) in FieldValues.ParseAll(CustomFields(schema), state.Values).Errors) errors[field] = error;
        return errors.Count == 0
            ? null
            : FormWriteResult.NothingWritten(FormOutcome.Show(ContactForm.Build(form.Host, state, options, FormProblems.Fields(errors), schema)));
    }

    /// <summary>The form's property names: today's fields by default, else the admin's choice (that the portal still has).</summary>
    private static List<string> Names(FormSchema schema) =>
        schema.Names.Where(n => ContactFields.All.Contains(n) || schema.Fields.ContainsKey(n)).ToList();

    private static IEnumerable<SchemaField> CustomFields(FormSchema schema) => schema.Ordered.Where(f => !ContactFields.All.Contains(f.Name));

    /// <summary>The values as HubSpot stores them (numbers, dates, multiple choices); run after <see cref="Invalid"/> passed.</summary>
    private static Dictionary<string, string?> Normalised(FormSchema schema, IReadOnlyDictionary<string, string?> values)
    {
        var normalised = new Dictionary<string, string?>(values, StringComparer.Ordinal);
        foreach (var (field, value) in FieldValues.ParseAll(CustomFields(schema), values).Values) normalised[field] = value ?? string.Empty;
        return normalised;
    }

    /// <summary>
    /// The properties to send: today's fields compared as text, the schema's by meaning (a date-time HubSpot returned
    /// as ISO and the form sends back as the same day is no change, so it is not sent).
    /// </summary>
    private static Dictionary<string, string> Changes(FormSchema schema, IReadOnlyList<string> names, IReadOnlyDictionary<string, string?> before,
        IReadOnlyDictionary<string, string?> values)
    {
        var custom = CustomFields(schema).ToList();
        var own = names.Where(n => custom.All(f => f.Name != n)).ToList();
        var changes = new Dictionary<string, string>(CrmPropertyChanges.Between(
            own.ToDictionary(n => n, n => before.GetValueOrDefault(n), StringComparer.Ordinal),
            own.ToDictionary(n => n, n => values.GetValueOrDefault(n), StringComparer.Ordinal)), StringComparer.Ordinal);
        foreach (var (name, value) in FieldValues.Changes(custom, before, values)) changes[name] = value;
        return changes;
    }

    /// <summary>
    /// HubSpot refused the values: its errors go under their fields and the values stay. When it named a property or
    /// option the cached definitions did not know, or a property it requires, the form is built again from fresh ones.
    /// </summary>
    private async Task<FormOutcome> RefusedFormAsync(FormContext form, FormKind kind, FormSchema schema, ContactFormState state, ContactFormOptions options,
        HubSpotValidationException refused)
    {
        var errors = SchemaErrors.From(refused, Names(schema));
        if (await schemas.LearnAsync(form.TenantId, kind, errors, form.CancellationToken))
        {
            schema = await schemas.LoadAsync(form.TenantId, kind, form.CancellationToken);
            options = await source.LoadAsync(form.Turn, state.Values.GetValueOrDefault(ContactFields.Owner));
            var names = Names(schema);
            var kept = names.ToDictionary(n => n, n => state.Values.GetValueOrDefault(n), StringComparer.Ordinal);
            state = state with { Values = kept };
            var fieldErrors = refused.FieldErrors.Where(e => names.Contains(e.Key)).ToDictionary(e => e.Key, e => $"HubSpot: {e.Value}", StringComparer.Ordinal);
            return FormOutcome.Show(ContactForm.Build(form.Host, state, options, FormProblems.Fields(fieldErrors, errors.Banner), schema));
        }

        return FormOutcome.Show(ContactForm.Build(form.Host, state, options, FormProblems.Fields(errors.FieldErrors, errors.Banner), schema));
    }

    private async Task<FormOutcome> UpdateAsync(FormContext form)
    {
        var submission = form.Submission;
        if (submission.Value(FormKeys.RecordId) is not { } id) return FormOutcome.Say("This form does not say which contact to change. Send **edit contact** again.");
        if (submission.Step is ContactSteps.Reload or ContactSteps.UpdateWithTyped) return await OpenEditAsync(form);

        var schema = await schemas.LoadAsync(form.TenantId, FormKind.ContactUpdate, form.CancellationToken);
        var names = Names(schema);
        var original = ContactFormState.ReadOriginal(submission.Data, names);
        var options = await source.LoadAsync(form.Turn, original.GetValueOrDefault(ContactFields.Owner));
        var values = submission.Values(names);
        var state = new ContactFormState(submission.SubmissionId ?? FormKeys.NewSubmissionId(), values, id, submission.Value(FormKeys.Version), original);
        var recordLinks = await links.GetAsync(form.TenantId, form.CancellationToken);
        var more = await cardFields.ForAsync(form.TenantId, CrmObjectType.Contacts, form.CancellationToken);

        return await writer.RunAsync(form, new FormWrite(
            RecordCards.Verbs.ContactUpdate,
            "contact",
            problems => ContactForm.Build(form.Host, state, options, problems, schema),
            async () =>
            {
                if (Invalid(form, state, options, schema) is { } invalid) return invalid;
                var current = await lookup.GetAsync(form.TenantId, CrmObjectType.Contacts, id, [.. ContactFields.Read.Union(names, StringComparer.Ordinal)], form.CancellationToken);
                if (current is null) return FormWriteResult.NothingWritten(FormOutcome.Say("That contact no longer exists in HubSpot, so nothing was saved."));
                var changes = Changes(schema, names, names.ToDictionary(f => f, f => current[f], StringComparer.Ordinal), values);
                if (changes.Count == 0)
                {
                    // HubSpot already holds every value on the form (e.g. an earlier click HubSpot did not confirm did
                    // land): nothing to save, and no conflict to show — the "change" someone made is the user's own.
                    var headline = Changes(schema, names, original, values).Count > 0 ? "Contact updated" : "Nothing changed";
                    var unchanged = ContactCards.Result(current, recordLinks, options, headline, more);
                    return FormWriteResult.NothingWritten(FormOutcome.Done(unchanged, headline + "."));
                }
                var currentVersion = ContactVersion.Of(current);
                if (state.Version != currentVersion)
                {
                    var changed = names.Where(f => (original.GetValueOrDefault(f) ?? "") != (current[f] ?? "")).ToList();
                    return FormWriteResult.NothingWritten(FormOutcome.Show(ContactCards.Conflict(form.Host, state, current, currentVersion, changed)));
                }
                CrmObject updated;
                try
                {
                    updated = await crm.UpdateAsync(form.TenantId, CrmObjectType.Contacts, id, changes, form.CancellationToken);
                }
                catch (HubSpotValidationException refused)
                {
                    return FormWriteResult.NothingWritten(await RefusedFormAsync(form, FormKind.ContactUpdate, schema, state, options, refused));
                }
                catch (HubSpotConflictException conflict)
                {
                    var problems = FormProblems.Fields(new Dictionary<string, string>
                    {
                        [ContactFields.Email] = conflict.ExistingId is { } other ? $"Another contact (id {other}) already has this email." : "Another contact already has this email.",
                    });
                    return FormWriteResult.NothingWritten(FormOutcome.Show(ContactForm.Build(form.Host, state, options, problems, schema)));
                }
                var card = ContactCards.Result(Merge(updated, values), recordLinks, options, "Contact updated", more);
                return new FormWriteResult(FormOutcome.Done(card, $"Updated contact {RecordNames.Contact(Merge(updated, values))}."), id,
                    Detail: AuditNouns.Changed(changes.Keys));
            },
            async recordId => await AlreadyDoneAsync(form, recordId, options, "Contact updated (your first click already saved it)")));
    }

    private async Task<FormOutcome> AlreadyDoneAsync(FormContext form, string id, ContactFormOptions options, string headline)
    {
        var more = await cardFields.ForAsync(form.TenantId, CrmObjectType.Contacts, form.CancellationToken);
        var contact = await lookup.GetAsync(form.TenantId, CrmObjectType.Contacts, id, [.. ContactFields.Read.Union(more.Select(f => f.Name), StringComparer.Ordinal)], form.CancellationToken);
        if (contact is null) return FormOutcome.Say("This form was already submitted.");
        var card = ContactCards.Result(contact, await links.GetAsync(form.TenantId, form.CancellationToken), options, headline, more);
        return FormOutcome.Done(card, headline + ".");
    }

    private async Task<FormOutcome?> RefusedAsync(FormContext form, string action)
    {
        var access = await guard.CheckAsync(form.Turn, AppRole.Editor, action);
        return access.Allowed ? null : FormOutcome.Say(access.RefusalMessage);
    }

    private async Task<System.Text.Json.Nodes.JsonObject> BlankFormAsync(TurnContext turn, FormHost host)
    {
        var options = await source.LoadAsync(turn);
        var schema = await schemas.LoadAsync(turn.TenantId ?? string.Empty, FormKind.ContactCreate, turn.CancellationToken);
        var values = new Dictionary<string, string?> { [ContactFields.Owner] = options.ActingOwnerId };
        return ContactForm.Build(host, new ContactFormState(FormKeys.NewSubmissionId(), values), options, schema: schema);
    }

    private async Task<System.Text.Json.Nodes.JsonObject> EditFormAsync(TurnContext turn, FormHost host, CrmObject contact,
        IReadOnlyDictionary<string, string>? typed = null, FormSchema? schema = null)
    {
        schema ??= await schemas.LoadAsync(turn.TenantId ?? string.Empty, FormKind.ContactUpdate, turn.CancellationToken);
        var names = Names(schema);
        if (names.Any(n => !contact.Properties.ContainsKey(n)))
            contact = await lookup.GetAsync(turn.TenantId ?? string.Empty, CrmObjectType.Contacts, contact.Id, [.. ContactFields.Read.Union(names, StringComparer.Ordinal)], turn.CancellationToken) ?? contact;
        var stored = names.ToDictionary(f => f, f => contact[f], StringComparer.Ordinal);
        var values = new Dictionary<string, string?>(stored, StringComparer.Ordinal);
        foreach (var (field, value) in typed ?? new Dictionary<string, string>()) values[field] = value;
        var options = await source.LoadAsync(turn, contact[ContactFields.Owner]);
        var problems = typed is { Count: > 0 } ? FormProblems.Message("Your values are filled in over the contact's: check them and save.") : null;
        return ContactForm.Build(host, new ContactFormState(FormKeys.NewSubmissionId(), values, contact.Id, ContactVersion.Of(contact), stored), options, problems, schema);
    }

    /// <summary>HubSpot echoes only what it stored; fill the card from what was sent where it echoed nothing.</summary>
    private static CrmObject Merge(CrmObject record, IReadOnlyDictionary<string, string?> sent)
    {
        var properties = new Dictionary<string, string?>(sent.Where(p => !string.IsNullOrEmpty(p.Value)), StringComparer.Ordinal);
        foreach (var (key, value) in record.Properties) if (value is not null) properties[key] = value;
        return record with { Properties = properties };
    }
}
