using System.Text.Json.Nodes;
using HubSpotTeamsBot.BotFramework.Schema;

namespace HubSpotTeamsBot.BotFramework.Routing;

/// <summary>How a refused invoke is answered: the sentence in the invoke's own shape, or an empty answer where Teams
/// shows no text (a typeahead, a link preview) — never CRM data.</summary>
internal static class RouteRefusals
{
    /// <param name="tell">False to skip the chat message an invoke without a text shape would otherwise get.</param>
    public static async Task<InvokeResponse> AnswerAsync(TurnContext turn, string refusal, bool tell = true)
    {
        switch (turn.Activity.Name)
        {
            case InvokeNames.ApplicationSearch:
                return InvokeResponse.Ok(new JsonObject
                {
                    ["statusCode"] = 200,
                    ["type"] = "application/vnd.microsoft.search.searchResponse",
                    ["value"] = new JsonObject { ["results"] = new JsonArray() },
                });
            case InvokeNames.ComposeQueryLink:
                // A pasted link simply gets no preview; a sentence in the compose box on every paste would be noise.
                return InvokeResponse.Ok(new JsonObject
                {
                    ["composeExtension"] = new JsonObject { ["type"] = "result", ["attachmentLayout"] = "list", ["attachments"] = new JsonArray() },
                });
            case InvokeNames.SignInVerifyState:
                if (tell) await turn.SendTextAsync(refusal);
                return InvokeResponse.Ok();
            default:
                return InvokeFallbacks.WithText(turn.Activity, refusal);
        }
    }
}
