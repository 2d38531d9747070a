using System.Text.Json.Nodes;
using HubSpotTeamsBot.BotFramework.Routing;

namespace Bot.Tests.Features.CardActions;

/// <summary>Where a card is shown decides what its plain Action.Submit sends: a message with <c>value</c> in a
/// conversation, <c>task/submit</c> in a dialog, <c>composeExtension/submitAction</c> in a message-extension dialog.</summary>
public sealed record CardHost(string Kind, string? CommandId = null)
{
    public static readonly CardHost Conversation = new("conversation");
    public static readonly CardHost Dialog = new("dialog");

    public static CardHost ComposeDialog(string commandId) => new("compose dialog", commandId);
}

/// <summary>One card the bot can emit, where it is shown, and where it came from (for the failure message).</summary>
public sealed record EmittedCard(JsonObject Card, CardHost Host, string Source);

/// <summary>
/// Checks every action of a card against the routes the bot registered: each verb, dialog and command a button sends
/// has a handler, each link is absolute https (or the bot's own public URL), and on a card with inputs each button
/// says whether it sends them (<c>associatedInputs</c>), with navigation buttons sending none.
/// </summary>
public static class CardActionCheck
{
    private static readonly string[] InputTypes = ["Input.Text", "Input.Number", "Input.Date", "Input.Time", "Input.Toggle", "Input.ChoiceSet"];

    public static IEnumerable<string> Problems(EmittedCard emitted, IReadOnlyList<RouteRegistration> routes, Uri publicBaseUrl)
    {
        var hasInputs = Elements(emitted.Card).Any(e => InputTypes.Contains(Str(e["type"])));
        foreach (var action in Actions(emitted.Card))
            foreach (var problem in Check(action, emitted.Host, hasInputs, routes, publicBaseUrl))
                yield return $"{emitted.Source}: “{Str(action["title"])}” ({Str(action["type"])}) {problem}";
    }

    /// <summary>Every action on the card: the card's own, ActionSets', selectActions, inside ShowCard cards.</summary>
    public static IEnumerable<JsonObject> Actions(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject o:
                if (Str(o["type"]) is { } type && type.StartsWith("Action.", StringComparison.Ordinal)) yield return o;
                foreach (var (key, child) in o)
                {
                    // An Execute's fallback is checked with the Execute, as what older clients send.
                    if (key == "fallback") continue;
                    foreach (var action in Actions(child)) yield return action;
                }
                break;
            case JsonArray a:
                foreach (var child in a)
                    foreach (var action in Actions(child)) yield return action;
                break;
        }
    }

    private static IEnumerable<string> Check(JsonObject action, CardHost host, bool hasInputs, IReadOnlyList<RouteRegistration> routes, Uri publicBaseUrl)
    {
        var type = Str(action["type"]);
        var inputs = Str(action["associatedInputs"]);
        switch (type)
        {
            case "Action.OpenUrl":
                if (!Reachable(Str(action["url"]), publicBaseUrl)) yield return $"opens “{Str(action["url"])}”, which is not an absolute https URL nor the bot's public URL";
                break;
            case "Action.Execute":
                var verb = Str(action["verb"]);
                if (host != CardHost.Conversation) yield return $"is an Action.Execute in a {host.Kind}, where Teams does not send adaptiveCard/action";
                if (!HasInvoke(routes, "adaptiveCard/action", verb)) yield return $"sends adaptiveCard/action verb “{verb}”, which no route handles";
                if (Str(action["data"]?["verb"]) != verb) yield return "carries a data verb other than its verb";
                if (hasInputs && inputs is null) yield return "is on a card with inputs but does not say whether it sends them (associatedInputs)";
                if (action["fallback"] is JsonObject fallback)
                {
                    if (Str(fallback["type"]) != "Action.Submit") yield return "falls back to something other than Action.Submit";
                    foreach (var problem in Check(fallback, host, hasInputs, routes, publicBaseUrl)) yield return "(fallback) " + problem;
                    if (Str(fallback["associatedInputs"]) != inputs) yield return "falls back to a submit that treats the inputs differently";
                }
                break;
            case "Action.Submit":
                foreach (var problem in CheckSubmit(action, host, hasInputs, inputs, routes, publicBaseUrl)) yield return problem;
                break;
            case "Action.ShowCard" or "Action.ToggleVisibility":
                break;
            default:
                yield return "is an action type the bot does not use";
                break;
        }
    }

    private static IEnumerable<string> CheckSubmit(JsonObject action, CardHost host, bool hasInputs, string? inputs, IReadOnlyList<RouteRegistration> routes, Uri publicBaseUrl)
    {
        var data = action["data"] as JsonObject;
        var verb = Str(data?["verb"]);
        switch (Str(data?["msteams"]?["type"]))
        {
            case "task/fetch":
                if (!HasInvoke(routes, "task/fetch", verb)) yield return $"opens a dialog (task/fetch) for “{verb}”, which no route handles";
                if (inputs != "none") yield return "opens a dialog but would validate and send the card's inputs (needs associatedInputs: none)";
                break;
            case "messageBack":
                var text = Str(data!["msteams"]!["text"]);
                if (!HasCommand(routes, text)) yield return $"sends the text “{text}”, which is no command";
                if (inputs != "none") yield return "sends a command but would validate and send the card's inputs (needs associatedInputs: none)";
                break;
            case "signin":
                if (!Reachable(Str(data!["msteams"]!["value"]), publicBaseUrl)) yield return "signs in at a URL that is not absolute https nor the bot's public URL";
                break;
            case { } other:
                yield return $"uses msteams type “{other}”, which the bot does not handle";
                break;
            default:
                if (verb == HubSpotTeamsBot.BotFramework.Routing.CommandSubmit.Verb)
                {
                    var commandText = Str(data![HubSpotTeamsBot.BotFramework.Routing.CommandSubmit.Field]);
                    if (!HasCommand(routes, commandText)) yield return $"runs the text “{commandText}”, which is no command";
                    if (inputs != "none") yield return "runs a command but would validate and send the card's inputs (needs associatedInputs: none)";
                    break;
                }
                if (host.Kind == CardHost.Conversation.Kind && !routes.Any(r => r.Kind == RouteRegistration.CardSubmit && string.Equals(r.Name, verb, StringComparison.OrdinalIgnoreCase)))
                    yield return $"submits verb “{verb}”, which no card-submit route handles";
                if (host.Kind == CardHost.Dialog.Kind && !HasInvoke(routes, "task/submit", verb))
                    yield return $"submits the dialog (task/submit) with verb “{verb}”, which no route handles";
                if (host.CommandId is { } command && !HasInvoke(routes, "composeExtension/submitAction", command))
                    yield return $"submits the message-extension dialog “{command}”, which no route handles";
                if (hasInputs && inputs is null) yield return "is on a card with inputs but does not say whether it sends them (associatedInputs)";
                break;
        }
    }

    private static bool HasInvoke(IReadOnlyList<RouteRegistration> routes, string name, string? key) =>
        routes.Any(r => r.Kind == RouteRegistration.Invoke && r.Name == name && (r.Key is null || r.Key == key));

    /// <summary>The router's own matching: the typed words start with a registered command phrase.</summary>
    private static bool HasCommand(IReadOnlyList<RouteRegistration> routes, string? text)
    {
        var words = (text ?? string.Empty).Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return routes.Where(r => r.Kind == RouteRegistration.Command)
            .Select(r => r.Name.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Any(phrase => phrase.Length <= words.Length && phrase.SequenceEqual(words.Take(phrase.Length), StringComparer.OrdinalIgnoreCase));
    }

    private static bool Reachable(string? url, Uri publicBaseUrl) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri)
        && (uri.Scheme == Uri.UriSchemeHttps || url!.StartsWith(publicBaseUrl.ToString(), StringComparison.OrdinalIgnoreCase));

    private static IEnumerable<JsonObject> Elements(JsonNode? node) => node switch
    {
        JsonObject o => (o["type"] is not null ? [o] : Array.Empty<JsonObject>()).Concat(o.Where(p => p.Key != "actions").SelectMany(p => Elements(p.Value))),
        JsonArray a => a.SelectMany(Elements),
        _ => [],
    };

    private static string? Str(JsonNode? node) => node is JsonValue v && v.TryGetValue(out string? s) ? s : null;
}
