using System.Text.Json.Nodes;
using HubSpotTeamsBot.Cards;
using HubSpotTeamsBot.Records.Schema;

namespace HubSpotTeamsBot.Features.Settings;

/// <summary>
/// The <c>settings forms</c> card for one form: the fields in order (edit the list to reorder or remove), a
/// searchable list of the portal's other properties to add, save and reset; buttons switch to the other forms.
/// </summary>
public static class FormSettingsCard
{
    public const string ShowVerb = "settings.forms.show";
    public const string SaveVerb = "settings.forms.save";
    public const string ResetVerb = "settings.forms.reset";
    public const string KindKey = "form";
    public const string OrderInput = "fields";
    public const string AddInput = "add";

    public static JsonObject Build(FormKind kind, IReadOnlyList<string> current, IReadOnlyList<SchemaField> available, bool isDefault,
        string? problem = null, string? notice = null, string? typedOrder = null)
    {
        ArgumentNullException.ThrowIfNull(kind);
        var labels = available.ToDictionary(f => f.Name, f => f.Label, StringComparer.Ordinal);
        var body = new List<JsonNode>
        {
            Card.Heading($"Form fields: {kind.Title}"),
            Card.Text(isDefault ? "This form shows its default fields." : "An admin chose these fields.", subtle: true),
        };
        if (notice is not null) body.Add(Card.Text(notice));
        if (problem is not null) body.Add(Inputs.Banner(problem));
        if (kind.ObjectType == HubSpot.CrmObjectType.Deals)
            body.Add(Card.Text("Name, pipeline and stage, amount, close date, owner and contact are always on the deal form, at the top; list " +
                $"{string.Join(", ", FormKind.DealPlaceable)} here to place them among these fields instead.", subtle: true));
        body.Add(Card.Facts([.. current.Select((n, i) => ($"{i + 1}.", (string?)$"{labels.GetValueOrDefault(n, n)} ({n})"))]));
        body.Add(Inputs.Text(OrderInput, "Fields in order (property names, comma-separated: reorder or delete to change)",
            typedOrder ?? string.Join(", ", current), multiline: true));
        var others = available.Where(f => !current.Contains(f.Name)).Select(f => ($"{f.Label} ({f.Name})", f.Name)).ToList();
        if (others.Count > 0)
        {
            var add = Inputs.Choice(AddInput, "Add fields (searchable; added at the end)", others, placeholder: "Search the portal's properties");
            add["isMultiSelect"] = true;
            add["style"] = "filtered";
            body.Add(add);
        }

        var data = new JsonObject { [KindKey] = kind.Id };
        var actions = new List<JsonNode?>
        {
            Card.Submit("Save", SaveVerb, data.DeepClone().AsObject(), Card.SendsInputs),
            Card.Submit("Reset to defaults", ResetVerb, data.DeepClone().AsObject(), Card.IgnoresInputs),
        };
        actions.AddRange(FormKind.All.Where(k => k != kind)
            .Select(k => (JsonNode?)Card.Submit(k.Title, ShowVerb, new JsonObject { [KindKey] = k.Id }, Card.IgnoresInputs)));
        return Card.Adaptive([.. body]).WithActions([.. actions]);
    }
}
