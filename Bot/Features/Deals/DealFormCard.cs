using System.Text.Json.Nodes;
using HubSpotTeamsBot.Cards;
using HubSpotTeamsBot.Forms;
using HubSpotTeamsBot.Records;
using HubSpotTeamsBot.Records.Schema;

namespace HubSpotTeamsBot.Features.Deals;

/// <summary>The new-deal / update-deal form, the same card on both hosts (only the buttons differ).</summary>
public static class DealFormCard
{
    public const string ContactsDataset = "contacts";
    public const string StagesUnavailable = "HubSpot is busy and the pipeline stages could not be loaded. Press the button again in a moment to load them; what you typed stays.";

    public static JsonObject Build(FormHost host, DealFormState state, IReadOnlyList<StageChoice> stages, string? currency, FormProblems problems,
        FormSchema? schema = null, OwnerChoices? owners = null)
    {
        var body = new List<JsonNode?>
        {
            Card.Heading(state.Editing ? $"Update deal" : "New deal"),
            problems.Banner is { } banner ? Inputs.Banner(banner) : null,
        };
        body.AddRange(Inputs.WithError(Inputs.Text(DealFields.Name, "Deal name", state.Value(DealFields.Name), required: true), problems.For(DealFields.Name)));
        // A choice set needs choices: with HubSpot too busy to list the stages (and none chosen yet) the form says so
        // instead; sending it again loads the list afresh, and the other values are kept.
        body.AddRange(stages.Count > 0
            ? Inputs.WithError(
                Inputs.Choice(DealFields.Stage, "Pipeline › Stage", stages.Select(s => (s.Title, s.Value)), state.Value(DealFields.Stage), required: true, placeholder: "Choose a stage"),
                problems.For(DealFields.Stage))
            : [Inputs.Banner(StagesUnavailable)]);
        body.AddRange(Inputs.WithError(
            // No min: a client would clamp -5 to 0 silently; the label says the rule and the server refuses a negative amount.
            Inputs.Number(DealFields.Amount, string.IsNullOrEmpty(currency) ? "Amount (0 or more)" : $"Amount ({currency}, 0 or more)", state.Value(DealFields.Amount)),
            problems.For(DealFields.Amount)));
        body.AddRange(Inputs.WithError(Inputs.Date(DealFields.CloseDate, "Close date", state.Value(DealFields.CloseDate)), problems.For(DealFields.CloseDate)));
        if (!state.Editing)
        {
            body.AddRange(Inputs.WithError(ContactPicker(state), problems.For(DealFields.Contact)));
            body.AddRange(Inputs.WithError(
                Inputs.Text(DealFields.ContactText, "…or type the contact's email or name", state.Value(DealFields.ContactText), placeholder: "ada@example.com"),
                problems.For(DealFields.ContactText)));
        }
        // The portal's owners to pick from; an email box only when HubSpot could not list them.
        body.AddRange(Inputs.WithError(owners is { Listed: true }
            ? OwnerPicker.Input(DealFields.Owner, "Owner", owners.Choices, state.Value(DealFields.Owner))
            : Inputs.Email(DealFields.Owner, "Owner (HubSpot user's email)", state.Value(DealFields.Owner)), problems.For(DealFields.Owner)));
        // The properties an admin added (custom ones included), in the admin's order, from their HubSpot definitions.
        foreach (var field in CustomFields(schema))
            body.AddRange(Inputs.WithError(FieldInputs.Render(field, state.Value(field.Name)), problems.For(field.Name)));

        var verb = state.Editing ? DealVerbs.Update : DealVerbs.Create;
        var actions = new List<JsonNode?> { FormRoutes.Button(host, state.Editing ? "Save" : "Create deal", verb, state.ButtonData()) };
        if (problems.Banner == DealConflict.Banner)
        {
            actions.Add(FormRoutes.Button(host, "Overwrite with my values", verb, state.ButtonData(DealSteps.Overwrite)));
            actions.Add(FormRoutes.NavigationButton(host, "Reload from HubSpot", verb, state.ButtonData(DealSteps.Reload)));
        }
        return Card.Adaptive([.. body]).WithActions([.. actions]);
    }

    /// <summary>The admin's fields that the form does not already ask with its own inputs.</summary>
    public static IEnumerable<SchemaField> CustomFields(FormSchema? schema) =>
        schema?.Ordered.Where(f => !FormKind.DealBuiltIn.Contains(f.Name)) ?? [];

    /// <summary>Typeahead over HubSpot contacts (application/search); a prefilled contact is offered as the one static choice.</summary>
    private static JsonObject ContactPicker(DealFormState state)
    {
        var id = state.Value(DealFields.Contact);
        var choices = id.Length > 0 ? [(state.ContactLabel ?? $"Contact {id}", id)] : Array.Empty<(string, string)>();
        var picker = Inputs.Choice(DealFields.Contact, "Associated contact", choices, id.Length > 0 ? id : null, placeholder: "Search contacts");
        picker["style"] = "filtered";
        picker["choices.data"] = new JsonObject { ["type"] = "Data.Query", ["dataset"] = ContactsDataset };
        return picker;
    }
}
