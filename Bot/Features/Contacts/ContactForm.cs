using System.Text.Json.Nodes;
using HubSpotTeamsBot.Cards;
using HubSpotTeamsBot.Forms;
using HubSpotTeamsBot.Records;

namespace HubSpotTeamsBot.Features.Contacts;

/// <summary>The contact form (new and edit), the same definition on both hosts; only the buttons differ.</summary>
public static class ContactForm
{
    public static JsonObject Build(FormHost host, ContactFormState state, ContactFormOptions options, FormProblems? problems = null)
    {
        problems ??= FormProblems.None;
        string? V(string field) => state.Values.TryGetValue(field, out var value) ? value : null;
        var body = new List<JsonNode> { Card.Heading(state.IsEdit ? "Edit contact" : "New contact") };
        if (problems.Banner is { } banner) body.Add(Inputs.Banner(banner));
        void Add(JsonObject input) => body.AddRange(Inputs.WithError(input, problems.For(input["id"]!.GetValue<string>())));

        Add(Inputs.Text(ContactFields.FirstName, "First name", V(ContactFields.FirstName)));
        Add(Inputs.Text(ContactFields.LastName, "Last name", V(ContactFields.LastName)));
        Add(Inputs.Email(ContactFields.Email, "Email", V(ContactFields.Email), required: true));
        Add(Inputs.Phone(ContactFields.Phone, "Phone", V(ContactFields.Phone)));
        Add(Inputs.Text(ContactFields.Company, "Company", V(ContactFields.Company)));
        Add(Inputs.Text(ContactFields.JobTitle, "Job title", V(ContactFields.JobTitle)));
        // A portal without lead statuses, or someone with no HubSpot owner of their own, has nothing to pick: Teams
        // refuses a choice set without choices, so such a field is left out and the record's value stays as it is.
        void AddChoice(string field, string label, IReadOnlyList<(string Title, string Value)> choices, string placeholder)
        {
            if (choices.Count > 0) Add(Inputs.Choice(field, label, choices, V(field), placeholder: placeholder));
        }
        AddChoice(ContactFields.LifecycleStage, "Lifecycle stage", options.LifecycleStages, "(none)");
        AddChoice(ContactFields.LeadStatus, "Lead status", options.LeadStatuses, "(none)");
        AddChoice(ContactFields.Owner, "Owner", options.Owners, "(no owner)");

        var verb = state.IsEdit ? RecordCards.Verbs.ContactUpdate : RecordCards.Verbs.ContactCreate;
        var card = Card.Adaptive([.. body]);
        var save = FormRoutes.Button(host, state.IsEdit ? "Save changes" : "Create contact", verb, state.ButtonData());
        if (host == FormHost.Dialog) return card.WithActions(save);

        // The same form in a dialog, for clients that open dialogs from card buttons (not the Agents Playground).
        var reopen = new JsonObject { [FormKeys.RecordId] = state.RecordId };
        return card.WithActions(save, FormRoutes.OpenDialogButton("Open in a dialog", verb, state.RecordId is null ? null : reopen));
    }
}
