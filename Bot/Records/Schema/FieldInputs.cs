using System.Text.Json.Nodes;
using HubSpotTeamsBot.Cards;

namespace HubSpotTeamsBot.Records.Schema;

/// <summary>
/// A field as an Adaptive Card input. Values are in HubSpot's form (dates YYYY-MM-DD or epoch/ISO, multi-select
/// values ';'-separated) and shown in the card's (multi-select ',').
/// </summary>
public static class FieldInputs
{
    public static JsonObject Render(SchemaField field, string? value)
    {
        ArgumentNullException.ThrowIfNull(field);
        var label = field.Label;
        return field.Kind switch
        {
            FieldKind.TextArea => Inputs.Text(field.Name, label, value, field.Required, multiline: true, maxLength: HubSpot.HubSpotLimits.MaxStringLength),
            FieldKind.Number => Inputs.Number(field.Name, label, value, field.Required),
            FieldKind.Date or FieldKind.DateTime => Inputs.Date(field.Name, label, FieldValues.DayOf(value), field.Required),
            FieldKind.Email => Inputs.Email(field.Name, label, value, field.Required),
            FieldKind.Phone => Inputs.Text(field.Name, label, value, field.Required, style: "tel"),
            FieldKind.Select or FieldKind.Boolean => Choice(field, value, multi: false),
            FieldKind.MultiSelect => Choice(field, value, multi: true),
            _ => Inputs.Text(field.Name, label, value, field.Required, maxLength: HubSpot.HubSpotLimits.MaxStringLength),
        };
    }

    /// <summary>Long lists are searchable (style "filtered"); a value no longer among the options is dropped so the card stays valid.</summary>
    private static JsonObject Choice(SchemaField field, string? value, bool multi)
    {
        var choices = field.Options.Select(o => (o.Label, o.Value));
        var input = Inputs.Choice(field.Name, field.Label, choices, multi ? null : value, field.Required, placeholder: "(none)");
        if (field.Options.Count > SchemaField.FilteredAbove) input["style"] = "filtered";
        if (multi)
        {
            input["isMultiSelect"] = true;
            input["style"] = field.Options.Count > SchemaField.FilteredAbove ? "filtered" : "expanded";
            // Stored values are ';'-separated, a re-shown submission's are ','-separated.
            var known = (value ?? "").Split([';', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Where(v => field.Options.Any(o => o.Value == v)).ToList();
            if (known.Count > 0) input["value"] = string.Join(',', known);
        }

        return input;
    }
}
