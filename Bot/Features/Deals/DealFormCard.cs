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
        // The form's own inputs, each by the property an admin lists to place it; the contact is an association, not a
        // property, so it keeps its place among the ones the admin did not place.
        IEnumerable<JsonNode> Own(string property) => property switch
        {
            "dealname" => Inputs.WithError(Inputs.Text(DealFields.Name, "Deal name", state.Value(DealFields.Name), required: true), problems.For(DealFields.Name)),
            // A choice set needs choices: with HubSpot too busy to list the stages (and none chosen yet) the form says so
            // instead; sending it again loads the list afresh, and the other values are kept.
            "dealstage" => stages.Count > 0
                ? Inputs.WithError(
                    Inputs.Choice(DealFields.Stage, "Pipeline › Stage", stages.Select(s => (s.Title, s.Value)), state.Value(DealFields.Stage), required: true, placeholder: "Choose a stage"),
                    problems.For(DealFields.Stage))
                : [Inputs.Banner(StagesUnavailable)],
            // No min: a client would clamp -5 to 0 silently; the label says the rule and the server refuses a negative amount.
            "amount" => Inputs.WithError(
                Inputs.Number(DealFields.Amount, string.IsNullOrEmpty(currency) ? "Amount (0 or more)" : $"Amount ({currency}, 0 or more)", state.Value(DealFields.Amount)),
                problems.For(DealFields.Amount)),
            "closedate" => Inputs.WithError(Inputs.Date(DealFields.CloseDate, "Close date", state.Value(DealFields.CloseDate)), problems.For(DealFields.CloseDate)),
            ContactSlot => state.Editing ? [] :
            [
                .. Inputs.WithError(ContactPicker(state), problems.For(DealFields.Contact)),
                .. Inputs.WithError(
                    Inputs.Text(DealFields.ContactText, "…or type the contact's email or name", state.Value(DealFields.ContactText), placeholder: "ada@example.com"),
                    problems.For(DealFields.ContactText)),
            ],
            // The portal's owners to pick from; an email box only when HubSpot could not list them.
            "hubspot_owner_id" => Inputs.WithError(owners is { Listed: true }
                ? OwnerPicker.Input(DealFields.Owner, "Owner", owners.Choices, state.Value(DealFields.Owner))
                : Inputs.Email(DealFields.Owner, "Owner (HubSpot user's email)", state.Value(DealFields.Owner)), problems.For(DealFields.Owner)),
            _ => [],
        };

        var names = schema?.Names ?? [];
        foreach (var own in OwnOrder.Where(o => !names.Contains(o))) body.AddRange(Own(own));
        // Then the admin's list in its order: the own inputs placed there, every other property from its HubSpot definition.
        foreach (var name in names)
        {
            if (FormKind.DealPlaceable.Contains(name)) body.AddRange(Own(name));
            else if (!FormKind.DealBuiltIn.Contains(name) && schema!.Field(name) is { } field)
                body.AddRange(Inputs.WithError(FieldInputs.Render(field, state.Value(field.Name)), problems.For(field.Name)));
        }

        var verb = state.Editing ? DealVerbs.Update : DealVerbs.Create;
        var actions = new List<JsonNode?> { FormRoutes.Button(host, state.Editing ? "Save" : "Create deal", verb, state.ButtonData()) };
        if (problems.Banner == DealConflict.Banner)
        {
            actions.Add(FormRoutes.Button(host, "Overwrite with my values", verb, state.ButtonData(DealSteps.Overwrite)));
            actions.Add(FormRoutes.NavigationButton(host, "Reload from HubSpot", verb, state.ButtonData(DealSteps.Reload)));
        }
        return Card.Adaptive([.. body]).WithActions([.. actions]);
    }

    /// <summary>Where the contact inputs sit among the form's own.</summary>
    private const string ContactSlot = "contact";

    /// <summary>The form's own inputs in their default order (before the admin's fields).</summary>
    private static readonly string[] OwnOrder = ["dealname", "dealstage", "amount", "closedate", ContactSlot, "hubspot_owner_id"];

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
