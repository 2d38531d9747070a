using System.Text.Json;
using System.Text.Json.Nodes;
using HubSpotTeamsBot.BotFramework.Invokes;
using HubSpotTeamsBot.BotFramework.Schema;

namespace HubSpotTeamsBot.BotFramework.Routing;

/// <summary>
/// A card button that runs a text command (the help card's <i>Find a contact</i>, <i>New contact</i>) as the Agents
/// Playground gets it: a plain Action.Submit whose data is <c>{ "verb": "command", "command": "find" }</c>. Teams gets
/// a messageBack, which shows the command in the chat; the Playground (0.2.28) sends nothing at all for an
/// Action.Submit whose data carries a Teams <c>msteams</c> messageBack, so cards going to it are rewritten
/// (<see cref="Hosting.PlaygroundCards"/>). The bot turns the submit into the typed text before routing, so the button
/// runs the same route, role check and answer as typing the command (docs/teams-protocol.md, "Action.Submit from a card").
/// </summary>
public static class CommandSubmit
{
    public const string Verb = "command";

    /// <summary>The data field holding the command's text, exactly as a person would type it.</summary>
    public const string Field = "command";

    /// <summary>The button's data for <paramref name="command"/>.</summary>
    public static JsonObject Data(string command) => new() { [CardData.VerbField] = Verb, [Field] = command };

    /// <summary>
    /// For a command submit, makes the activity the typed message it stands for and returns null; for a command
    /// submit without a usable command, returns the reason (the caller answers it like any malformed card data).
    /// Any other activity is left alone.
    /// </summary>
    public static string? RewriteAsTyped(Activity activity)
    {
        if (!activity.IsCardSubmit() || activity.Value is not JsonObject data || CardData.Verb(data) != Verb) return null;
        if (data[Field] is not JsonValue value || value.GetValueKind() != JsonValueKind.String || string.IsNullOrWhiteSpace(value.GetValue<string>()))
            return $"'{Field}' must be the text of a command.";
        activity.Text = value.GetValue<string>();
        activity.Value = null;
        return null;
    }
}
