using System.Text.Json.Nodes;
using HubSpotTeamsBot.Cards;
using HubSpotTeamsBot.HubSpot;

namespace HubSpotTeamsBot.Features.MessageExtension;

/// <summary>A record the user may log the message on, offered when their typed text matched several.</summary>
public sealed record RecordChoice(string Value, string Title);

/// <summary>A message longer than HubSpot keeps in a note: its length and how many of its characters fit.</summary>
public sealed record MessageFit(int Length, int Fitting);

/// <summary>
/// The Log to HubSpot dialog: which contact or deal (typeahead where the host has it, plus a text box for an email,
/// name or deal name where it doesn't), note or task, and the message itself carried in the submit data.
/// </summary>
public static class LogToHubSpotDialog
{
    public const string Title = "Log to HubSpot";
    public const string RecordDataset = "hubspotRecords";

    public static JsonObject Card(TeamsMessage message, string? recordText = null, string kind = "note", string? taskTitle = null,
        IReadOnlyList<RecordChoice>? choices = null, string? problem = null, MessageFit? fits = null)
    {
        ArgumentNullException.ThrowIfNull(message);
        var excerpt = CardText.Literal(message.Text, maxLength: 300);
        // In each reader's own locale and time zone (Teams formats the DATE/TIME functions on their device).
        var when = message.CreatedAt is { } at ? CardDates.Moment(at) : null;
        var picker = choices is { Count: > 0 }
            ? ChoiceSet("record", "Which one did you mean?", choices.Select(c => (c.Title, c.Value)), value: null, style: "expanded", required: true)
            : Typeahead();

        return Cards.Card.Adaptive(
                problem is null ? null : Attention(CardText.Literal(problem)),
                Cards.Card.Text($"**{(message.AuthorName is { } author ? CardText.Literal(author) : "Someone")}**{(when is null ? "" : $" · {when}")}", subtle: true),
                Cards.Card.Text(string.IsNullOrWhiteSpace(excerpt) ? "(no text)" : excerpt),
                fits is null ? null : Cards.Card.Text($"This message has {HubSpotLimits.Said(fits.Length)} characters; HubSpot keeps {HubSpotLimits.Said(HubSpotLimits.MaxStringLength)} in a note or task, with the author line and the link. It is only shortened if you tick the box below, and the note then says how much was left out.", subtle: true),
                fits is null ? null : new JsonObject
                {
                    ["type"] = "Input.Toggle", ["id"] = "shorten", ["title"] = ShortenTitle(fits), ["value"] = "false", ["valueOn"] = "true", ["valueOff"] = "false",
                },
                picker,
                TextInput("recordText", "…or type a contact's email or name, or a deal name", recordText),
                ChoiceSet("kind", "Save it as", [("Note", "note"), ("Task (follow-up)", "task")], kind, style: "expanded", required: true),
                TextInput("taskTitle", "Task title (for a task; optional)", taskTitle))
            .WithActions(Cards.Card.Submit("Log to HubSpot", SearchCommands.LogToHubSpot, new JsonObject { ["message"] = message.ToJson() }, Cards.Card.SendsInputs));
    }

    public static string ShortenTitle(MessageFit fits)
    {
        ArgumentNullException.ThrowIfNull(fits);
        return $"Log the first {HubSpotLimits.Said(fits.Fitting)} characters";
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
