using System.Text.Json.Nodes;
using HubSpotTeamsBot.BotFramework.Schema;

namespace HubSpotTeamsBot.BotFramework.Hosting;

/// <summary>
/// Bends an invoke answer into what the Microsoft 365 Agents Playground accepts (and its cards' dialog buttons into
/// inline ones, <see cref="PlaygroundCards"/>). Only used for requests the endpoint
/// recognised as the Playground's (Bot:Development:AcceptPlayground, itself refused outside Development).
/// </summary>
internal static class PlaygroundInvokeAnswers
{
    /// <summary>
    /// The Playground (0.2.x) rejects a whole search answer as "Unable to reach app" when any result's preview carries
    /// a <c>tap</c>, which Teams needs to send <c>composeExtension/selectItem</c>. Without the tap the Playground inserts
    /// the result's full card, which is the same record card selectItem would return, so the local run stays faithful.
    /// </summary>
    public static InvokeResponse Adapt(Activity invoke, InvokeResponse answer, PlaygroundCards cards)
    {
        ArgumentNullException.ThrowIfNull(cards);
        if (invoke.Name != InvokeNames.ComposeQuery)
        {
            // A card answered inline (Action.Execute) gets the Playground's inline stand-ins for dialog buttons.
            if (answer.Body is null) return answer;
            var adapted = answer.Body.DeepClone();
            cards.Adapt(adapted);
            return answer with { Body = adapted };
        }
        if (answer.Body?["composeExtension"]?["attachments"] is not JsonArray) return answer;

        var body = answer.Body.DeepClone();
        foreach (var attachment in body["composeExtension"]!["attachments"]!.AsArray().OfType<JsonObject>())
        {
            if (attachment["preview"]?["content"] is JsonObject preview) preview.Remove("tap");
        }
        return answer with { Body = body };
    }
}
