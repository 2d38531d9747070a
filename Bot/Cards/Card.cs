using System.Text.Json.Nodes;

namespace HubSpotTeamsBot.Cards;

/// <summary>
/// Small typed helpers for Adaptive Card 1.5 JSON (the AdaptiveCards package is not available here;
/// docs/teams-protocol.md, "Adaptive Cards").
/// Each returns a fresh node, so parts can be composed freely.
/// </summary>
public static class Card
{
    public const string Version = "1.5";

    public static JsonObject Adaptive(params JsonNode?[] body) => new()
    {
        ["type"] = "AdaptiveCard",
        ["$schema"] = "http://adaptivecards.io/schemas/adaptive-card.json",
        ["version"] = Version,
        ["body"] = new JsonArray(body.Where(b => b is not null).ToArray()),
    };

    public static JsonObject WithActions(this JsonObject card, params JsonNode?[] actions)
    {
        card["actions"] = new JsonArray(actions.Where(a => a is not null).ToArray());
        return card;
    }

    public static JsonObject Text(string text, bool subtle = false, string? size = null, string? weight = null) => Compact(new JsonObject
    {
        ["type"] = "TextBlock",
        ["text"] = text,
        ["wrap"] = true,
        ["isSubtle"] = subtle ? true : null,
        ["size"] = size,
        ["weight"] = weight,
    });

    public static JsonObject Heading(string text) => Text(text, size: "Medium", weight: "Bolder");

    /// <summary>A FactSet. Titles are ours (markdown); values are data and always shown literally
    /// (<see cref="CardText.Literal"/>), so a HubSpot value can never turn into a link or formatting.</summary>
    public static JsonObject Facts(params (string Title, string? Value)[] facts) => new()
    {
        ["type"] = "FactSet",
        ["facts"] = new JsonArray(facts.Where(f => !string.IsNullOrEmpty(f.Value))
            .Select(f => (JsonNode)new JsonObject { ["title"] = f.Title, ["value"] = CardText.Literal(f.Value) }).ToArray()),
    };

    /// <summary><c>associatedInputs</c>: the button sends (and first validates) the card's inputs.</summary>
    public const string SendsInputs = "auto";

    /// <summary><c>associatedInputs</c>: the button navigates (opens a dialog, reloads, runs a command), so it must
    /// neither validate nor send what is typed: a required field left empty must not block it.</summary>
    public const string IgnoresInputs = "none";

    /// <summary>Action.Submit carrying our routing <c>verb</c> plus any extra data.</summary>
    /// <param name="associatedInputs"><see cref="SendsInputs"/> or <see cref="IgnoresInputs"/>; a card with inputs
    /// must say which for every button (the card-action coverage test checks it).</param>
    public static JsonObject Submit(string title, string verb, JsonObject? data = null, string? associatedInputs = null) => Compact(new JsonObject
    {
        ["type"] = "Action.Submit",
        ["title"] = title,
        ["data"] = WithVerb(verb, data),
        ["associatedInputs"] = associatedInputs,
    });

    /// <summary>Action.Execute (Universal Actions) with an Action.Submit fallback for clients without them (docs/teams-protocol.md, "Action.Execute").</summary>
    public static JsonObject Execute(string title, string verb, JsonObject? data = null, string? associatedInputs = null) => Compact(new JsonObject
    {
        ["type"] = "Action.Execute",
        ["title"] = title,
        ["verb"] = verb,
        ["data"] = WithVerb(verb, data),
        ["associatedInputs"] = associatedInputs,
        ["fallback"] = Submit(title, verb, data, associatedInputs),
    });

    /// <summary>
    /// A shortcut to a text command: Teams' messageBack sends <paramref name="command"/> to the bot as if the person had
    /// typed it (and shows it in the chat), so it runs through the same route, role check and answer as the typed
    /// command. The Agents Playground sends nothing for a messageBack; cards going to it carry the button as a plain
    /// command submit instead (<see cref="BotFramework.Hosting.PlaygroundCards"/>, <see cref="BotFramework.Routing.CommandSubmit"/>).
    /// </summary>
    public static JsonObject SendCommand(string title, string command) => new()
    {
        ["type"] = "Action.Submit",
        ["title"] = title,
        ["data"] = new JsonObject
        {
            ["msteams"] = new JsonObject { ["type"] = "messageBack", ["text"] = command, ["displayText"] = command },
        },
        ["associatedInputs"] = IgnoresInputs,
    };

    public static JsonObject OpenUrl(string title, string url) => new()
    {
        ["type"] = "Action.OpenUrl",
        ["title"] = title,
        ["url"] = url,
    };

    private static JsonObject WithVerb(string verb, JsonObject? data)
    {
        var result = data?.DeepClone().AsObject() ?? [];
        result["verb"] = verb;
        return result;
    }

    private static JsonObject Compact(JsonObject o)
    {
        foreach (var key in o.Where(p => p.Value is null).Select(p => p.Key).ToList()) o.Remove(key);
        return o;
    }
}
