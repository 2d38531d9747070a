using System.Text.Json.Nodes;
using HubSpotTeamsBot.BotFramework.Schema;

namespace HubSpotTeamsBot.BotFramework.Hosting;

/// <summary>
/// The Microsoft 365 Agents Playground cannot open dialogs from card buttons (it answers "task/fetch is not
/// supported"), but it runs Action.Execute. A card going to the Playground therefore gets each dialog button
/// (Action.Submit with <c>msteams.type: task/fetch</c>) as Action.Execute with the same verb and data plus the
/// <see cref="InlineDialogMark"/> the forms layer declared, which opens the same form inline in the chat. Only for the
/// Playground's own loopback connector (Bot:Development:AcceptPlayground, itself refused outside Development); Teams
/// gets the cards unchanged. Likewise a command button (a Teams messageBack, which the Playground drops without a
/// request) becomes the plain command submit of <see cref="Routing.CommandSubmit"/>.
/// </summary>
public sealed class PlaygroundCards(InlineDialogMark mark)
{
    /// <summary>Rewrites the dialog buttons of every card attached to <paramref name="activity"/>, in place.</summary>
    public void Adapt(Activity activity)
    {
        ArgumentNullException.ThrowIfNull(activity);
        foreach (var attachment in activity.Attachments ?? []) Adapt(attachment.Content as JsonNode);
    }

    /// <summary>Rewrites every dialog button found anywhere under <paramref name="node"/> (a card, an invoke answer), in place.</summary>
    public void Adapt(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                // A form's own "Open in a dialog" would only open the same form again, without what was typed: a
                // card with inputs keeps its buttons (the Playground's notice says what happened).
                if (TypeOf(obj) == "AdaptiveCard" && HasInputs(obj)) return;
                if (IsDialogButton(obj)) Inline(obj);
                else if (CommandOf(obj) is { } command) obj["data"] = Routing.CommandSubmit.Data(command);
                foreach (var (_, child) in obj.ToList()) Adapt(child);
                break;
            case JsonArray array:
                foreach (var child in array.ToList()) Adapt(child);
                break;
        }
    }

    private static string? TypeOf(JsonObject obj) => obj["type"] is JsonValue v && v.TryGetValue<string>(out var t) ? t : null;

    private static bool HasInputs(JsonNode? node) => node switch
    {
        JsonObject obj => TypeOf(obj)?.StartsWith("Input.", StringComparison.Ordinal) == true || obj.Any(p => HasInputs(p.Value)),
        JsonArray array => array.Any(HasInputs),
        _ => false,
    };

    private static bool IsDialogButton(JsonObject action) =>
        action["type"] is JsonValue type && type.TryGetValue<string>(out var t) && t == "Action.Submit"
        && action["data"]?["msteams"]?["type"] is JsonValue kind && kind.TryGetValue<string>(out var k) && k == "task/fetch";

    private static string? CommandOf(JsonObject action) =>
        TypeOf(action) == "Action.Submit" && action["data"]?["msteams"] is JsonObject teams
        && teams["type"] is JsonValue kind && kind.TryGetValue<string>(out var k) && k == "messageBack"
        && teams["text"] is JsonValue text && text.TryGetValue<string>(out var command) ? command : null;

    private void Inline(JsonObject action)
    {
        var data = action["data"]!.AsObject();
        data.Remove("msteams");
        data[mark.Key] ??= mark.Value;
        action["type"] = "Action.Execute";
        if (data["verb"] is JsonValue verb) action["verb"] = verb.DeepClone();
    }
}
