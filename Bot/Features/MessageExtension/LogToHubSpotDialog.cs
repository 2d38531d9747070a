using System.Globalization;
using System.Text.Json.Nodes;
using HubSpotTeamsBot.Cards;

namespace HubSpotTeamsBot.Features.MessageExtension;

/// <summary>A record the user may log the message on, offered when their typed text matched several.</summary>
public sealed record RecordChoice(string Value, string Title);

/// <summary>
/// The Log to HubSpot dialog: which contact or deal (typeahead where the host has it, plus a text box for an email,
/// name or deal name where it doesn't), note or task, and the message itself carried in the submit data.
/// </summary>
public static class LogToHubSpotDialog
{
    public const string Title = "Log to HubSpot";
    public const string RecordDataset = "hubspotRecords";

    public static JsonObject Card(TeamsMessage message, string? recordText = null, string kind = "note", string? taskTitle = null,
        IReadOnlyList<RecordChoice>? choices = null, string? problem = null)
    {
        ArgumentNullException.ThrowIfNull(message);
        var excerpt = CardText.Literal(message.Text, maxLength: 300);
        var when = message.CreatedAt?.ToString("d MMM yyyy HH:mm 'UTC'", CultureInfo.InvariantCulture);
        var picker = choices is { Count: > 0 }
            ? ChoiceSet("record", "Which one did you mean?", choices.Select(c => (c.Title, c.Value)), value: null, style: "expanded", required: true)
            : Typeahead();

        return Cards.Card.Adaptive(
                problem is null ? null : Attention(CardText.Literal(problem)),
                Cards.Card.Text($"**{(message.AuthorName is { } author ? CardText.Literal(author) : "Someone")}**{(when is null ? "" : $" · {when}")}", subtle: true),
                Cards.Card.Text(string.IsNullOrWhiteSpace(excerpt) ? "(no text)" : excerpt),
                picker,
                TextInput("recordText", "…or type a contact's email or name, or a deal name", recordText),
                ChoiceSet("kind", "Save it as", [("Note", "note"), ("Task (follow-up)", "task")], kind, style: "expanded", required: true),
                TextInput("taskTitle", "Task title (for a task; optional)", taskTitle))
            .WithActions(Cards.Card.Submit("Log to HubSpot", SearchCommands.LogToHubSpot, new JsonObject { ["message"] = message.ToJson() }, Cards.Card.SendsInputs));
    }

    private static JsonObject Typeahead() => new()
    {
        ["type"] = "Input.ChoiceSet",
        ["id"] = "record",
        ["label"] = "Contact or deal",
        ["style"] = "filtered",
        ["placeholder"] = "Start typing a name, email or deal",
        ["choices"] = new JsonArray(),
        ["choices.data"] = new JsonObject { ["type"] = "Data.Query", ["dataset"] = RecordDataset },
    };

    private static JsonObject Attention(string text)
    {
        var block = Cards.Card.Text(text, weight: "Bolder");
        block["color"] = "Attention";
        return block;
    }

    private static JsonObject TextInput(string id, string label, string? value)
    {
        var input = new JsonObject { ["type"] = "Input.Text", ["id"] = id, ["label"] = label, ["maxLength"] = 200 };
        if (!string.IsNullOrEmpty(value)) input["value"] = value;
        return input;
    }

    private static JsonObject ChoiceSet(string id, string label, IEnumerable<(string Title, string Value)> choices, string? value, string style, bool required)
    {
        var input = new JsonObject
        {
            ["type"] = "Input.ChoiceSet",
            ["id"] = id,
            ["label"] = label,
            ["style"] = style,
            ["isRequired"] = required,
            ["errorMessage"] = $"Choose one: {label.ToLowerInvariant()}",
            ["choices"] = new JsonArray(choices.Select(c => (JsonNode)new JsonObject { ["title"] = c.Title, ["value"] = c.Value }).ToArray()),
        };
        if (value is not null) input["value"] = value;
        return input;
    }
}
