using System.Text.Json.Nodes;
using HubSpotTeamsBot.Cards;
using HubSpotTeamsBot.Forms;
using HubSpotTeamsBot.Records;
using HubSpotTeamsBot.Records.Schema;

namespace HubSpotTeamsBot.Features.Contacts;

/// <summary>The contact form (new and edit), the same definition on both hosts; only the buttons differ.</summary>
public static class ContactForm
{
    public static JsonObject Build(FormHost host, ContactFormState state, ContactFormOptions options, FormProblems? problems = null, FormSchema? schema = null)
    {
        problems ??= FormProblems.None;
        string? V(string field) => state.Values.TryGetValue(field, out var value) ? value : null;
        var body = new List<JsonNode> { Card.Heading(state.IsEdit ? "Edit contact" : "New contact") };
        if (problems.Banner is { } banner) body.Add(Inputs.Banner(banner));
        void Add(JsonObject input) => body.AddRange(Inputs.WithError(input, problems.For(input["id"]!.GetValue<string>())));

        // The portal's choice of fields in its order (today's fields by default); the built-in ones keep their own
        // inputs, every other property is rendered from its HubSpot definition.
        foreach (var field in schema?.Names ?? ContactFields.All)
        {
            switch (field)
            {
                case ContactFields.FirstName: Add(Inputs.Text(field, "First name", V(field))); break;
                case ContactFields.LastName: Add(Inputs.Text(field, "Last name", V(field))); break;
                case ContactFields.Email: Add(Inputs.Email(field, "Email", V(field), required: true)); break;
                case ContactFields.Phone: Add(Inputs.Phone(field, "Phone", V(field))); break;
                case ContactFields.Company: Add(Inputs.Text(field, "Company", V(field))); break;
                case ContactFields.JobTitle: Add(Inputs.Text(field, "Job title", V(field))); break;
                case ContactFields.LifecycleStage: AddChoice(field, "Lifecycle stage", options.LifecycleStages, "(none)"); break;
                case ContactFields.LeadStatus: AddChoice(field, "Lead status", options.LeadStatuses, "(none)"); break;
                case ContactFields.Owner: AddOwner(); break;
                default:
                    if (schema?.Field(field) is { } custom) Add(FieldInputs.Render(custom, V(field)));
                    break;
            }
        }

        // A portal without lead statuses, or someone with no HubSpot owner of their own, has nothing to pick: Teams
        // refuses a choice set without choices, so such a field is left out and the record's value stays as it is.
        void AddChoice(string field, string label, IReadOnlyList<(string Title, string Value)> choices, string placeholder)
        {
            if (choices.Count > 0) Add(Inputs.Choice(field, label, choices, V(field), placeholder: placeholder));
        }

        void AddOwner()
        {
            if (options.Owners.Count == 0) return;
            Add(OwnerPicker.Input(ContactFields.Owner, "Owner", options.Owners, V(ContactFields.Owner)));
        }

        var verb = state.IsEdit ? RecordCards.Verbs.ContactUpdate : RecordCards.Verbs.ContactCreate;
        var card = Card.Adaptive([.. body]);
        var save = FormRoutes.Button(host, state.IsEdit ? "Save changes" : "Create contact", verb, state.ButtonData());
        if (host == FormHost.Dialog) return card.WithActions(save);

        // The same form in a dialog, for clients that open dialogs from card buttons (not the Agents Playground).
        var reopen = new JsonObject { [FormKeys.RecordId] = state.RecordId };
        return card.WithActions(save, FormRoutes.OpenDialogButton("Open in a dialog", verb, state.RecordId is null ? null : reopen));
    }
}
