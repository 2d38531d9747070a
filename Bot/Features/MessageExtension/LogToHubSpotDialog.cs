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
/// name or deal name where it doesn't), note or task, and the message itself carried in the submit data (used when Teams
/// does not send the message again with the submit). The copy is the whole message whenever the card, kept under
/// Teams' 28 KB, can hold it; otherwise it is the longest beginning that fits, and the dialog says so next to it.
/// </summary>
public static class LogToHubSpotDialog
{
    public const string Title = "Log to HubSpot";
    public const string RecordDataset = "hubspotRecords";

    public static JsonObject Card(TeamsMessage message, string? recordText = null, string kind = "note", string? taskTitle = null,
        IReadOnlyList<RecordChoice>? choices = null, string? problem = null, MessageFit? fits = null)
    {
        ArgumentNullException.ThrowIfNull(message);
        // Given only a part, Teams did not send the message again: logging that part is now a choice to offer.
        var offerPart = message.IsPart;
        JsonObject With(TeamsMessage carried) => Build(carried, offerPart, recordText, kind, taskTitle, choices, problem, fits);
        var whole = With(message);
        if (CardSize.Fits(whole)) return whole;
        // The longest beginning of the message whose card fits (the notice's figures are part of the card).
        return With(message.Beginning(message.LongestBeginning(n => CardSize.Fits(With(message.Beginning(n))))));
    }

    private static JsonObject Build(TeamsMessage message, bool offerPart, string? recordText, string kind, string? taskTitle,
        IReadOnlyList<RecordChoice>? choices, string? problem, MessageFit? fits)
    {
        // A copy that is only the message's beginning can be logged only as that, so the same box offers it.
        var offered = offerPart && message.IsPart ? new MessageFit(message.Length, Math.Min(fits?.Fitting ?? message.Text.Length, message.Text.Length)) : fits;
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
                message.IsPart ? Cards.Card.Text(PartNotice(message), subtle: true) : null,
                offered is null ? null : new JsonObject
                {
                    ["type"] = "Input.Toggle", ["id"] = "shorten", ["title"] = ShortenTitle(offered), ["value"] = "false", ["valueOn"] = "true", ["valueOff"] = "false",
                },
                picker,
                TextInput("recordText", "…or type a contact's email or name, or a deal name", recordText),
                ChoiceSet("kind", "Save it as", [("Note", "note"), ("Task (follow-up)", "task")], kind, style: "expanded", required: true),
                TextInput("taskTitle", "Task title (for a task; optional)", taskTitle))
            .WithActions(Cards.Card.Submit("Log to HubSpot", SearchCommands.LogToHubSpot, new JsonObject { ["message"] = message.ToJson() }, Cards.Card.SendsInputs));
    }

    /// <summary>Said next to the message when the dialog carries only its beginning: what is carried, what happens if
    /// Teams does not send the whole message again, and where all of it stays.</summary>
    public static string PartNotice(TeamsMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return $"This dialog can carry only the first {HubSpotLimits.Said(message.Text.Length)} of this message's {HubSpotLimits.Said(message.Length)} characters. "
            + "Teams does not always send the whole message again when you press Log to HubSpot; if it does not, you are asked before only this part is logged, "
            + "and the note then says how much was left out. The whole message stays in Teams, where you can copy the rest into the note.";
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
