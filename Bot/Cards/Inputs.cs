using System.Text.Json.Nodes;

namespace HubSpotTeamsBot.Cards;

/// <summary>
/// Adaptive Card 1.5 inputs for forms (docs/teams-protocol.md, "Inputs"). Client validation (<c>isRequired</c>,
/// <c>errorMessage</c>)
/// is only a convenience; the server re-validates and shows its own errors with <see cref="FieldError"/>.
/// </summary>
public static class Inputs
{
    public static JsonObject Text(string id, string label, string? value = null, bool required = false,
        string? style = null, string? placeholder = null, bool multiline = false, int? maxLength = null) => Input("Input.Text", id, label, value, required, new JsonObject
        {
            ["style"] = style,
            ["placeholder"] = placeholder,
            ["isMultiline"] = multiline ? true : null,
            ["maxLength"] = maxLength,
        });

    public static JsonObject Email(string id, string label, string? value = null, bool required = false) =>
        Text(id, label, value, required, style: "email", placeholder: "name@example.com");

    public static JsonObject Phone(string id, string label, string? value = null) => Text(id, label, value, style: "tel");

    public static JsonObject Number(string id, string label, string? value = null, bool required = false, double? min = null) =>
        Input("Input.Number", id, label, value, required, new JsonObject { ["min"] = min });

    /// <summary><paramref name="value"/> in YYYY-MM-DD.</summary>
    public static JsonObject Date(string id, string label, string? value = null, bool required = false) =>
        Input("Input.Date", id, label, value, required, []);

    /// <summary><paramref name="value"/> in HH:MM.</summary>
    public static JsonObject Time(string id, string label, string? value = null, bool required = false) =>
        Input("Input.Time", id, label, value, required, []);

    /// <summary>A compact drop-down; a value not among the choices is dropped so the card stays valid.</summary>
    public static JsonObject Choice(string id, string label, IEnumerable<(string Title, string Value)> choices, string? value = null,
        bool required = false, string? placeholder = null)
    {
        var list = choices.ToList();
        var selected = value is not null && list.Any(c => c.Value == value) ? value : null;
        return Input("Input.ChoiceSet", id, label, selected, required, new JsonObject
        {
            ["style"] = "compact",
            ["placeholder"] = placeholder,
            ["choices"] = new JsonArray(list.Select(c => (JsonNode)new JsonObject { ["title"] = c.Title, ["value"] = c.Value }).ToArray()),
        });
    }

    /// <summary>A server-side error shown right under its input (inputs only show <c>errorMessage</c> for client checks).</summary>
    public static JsonObject FieldError(string fieldId, string message) => new()
    {
        ["type"] = "TextBlock",
        ["id"] = $"{fieldId}Error",
        ["text"] = message,
        ["color"] = "Attention",
        ["size"] = "Small",
        ["wrap"] = true,
        ["spacing"] = "None",
    };

    /// <summary>A sentence at the top of a form (busy, please fix the fields below…).</summary>
    public static JsonObject Banner(string message) => new()
    {
        ["type"] = "TextBlock",
        ["text"] = message,
        ["color"] = "Attention",
        ["weight"] = "Bolder",
        ["wrap"] = true,
    };

    /// <summary>The input followed by its error, if any: add both to the card body.</summary>
    public static IEnumerable<JsonNode> WithError(JsonObject input, string? error)
    {
        yield return input;
        if (!string.IsNullOrEmpty(error)) yield return FieldError(input["id"]!.GetValue<string>(), error);
    }

    private static JsonObject Input(string type, string id, string label, string? value, bool required, JsonObject extra)
    {
        var input = new JsonObject
        {
            ["type"] = type,
            ["id"] = id,
            ["label"] = label,
        };
        if (!string.IsNullOrEmpty(value)) input["value"] = value;
        if (required)
        {
            input["isRequired"] = true;
            input["errorMessage"] = $"{label} is required.";
        }
        foreach (var (key, node) in extra.ToList())
        {
            if (node is null) continue;
            extra.Remove(key);
            input[key] = node;
        }
        return input;
    }
}
