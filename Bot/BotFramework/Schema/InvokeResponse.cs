using System.Net;
using System.Text.Json.Nodes;

namespace HubSpotTeamsBot.BotFramework.Schema;

/// <summary>The HTTP status and JSON body Teams gets back for an invoke (docs/teams-protocol.md, "HTTP answers").</summary>
public sealed record InvokeResponse(int Status, JsonNode? Body = null)
{
    public static InvokeResponse Ok(JsonNode? body = null) => new((int)HttpStatusCode.OK, body);

    public static readonly InvokeResponse NotImplemented = new((int)HttpStatusCode.NotImplemented);

    /// <summary>
    /// A value whose shape Teams never sends: HTTP 400 with the error body Universal Actions define, which says what is
    /// wrong (docs/teams-protocol.md, "Malformed invoke values").
    /// </summary>
    public static InvokeResponse BadRequest(string message) => new((int)HttpStatusCode.BadRequest, new JsonObject
    {
        ["statusCode"] = (int)HttpStatusCode.BadRequest,
        ["type"] = "application/vnd.microsoft.error",
        ["value"] = new JsonObject { ["code"] = "BadRequest", ["message"] = message },
    });

    /// <summary><c>adaptiveCard/action</c>: replace the card the user clicked (docs/teams-protocol.md, "Action.Execute").</summary>
    public static InvokeResponse Card(JsonObject card) => Ok(new JsonObject
    {
        ["statusCode"] = 200,
        ["type"] = ContentTypes.AdaptiveCard,
        ["value"] = card,
    });

    /// <summary><c>adaptiveCard/action</c>: show a short message instead of a card.</summary>
    public static InvokeResponse CardMessage(string text) => Ok(new JsonObject
    {
        ["statusCode"] = 200,
        ["type"] = "application/vnd.microsoft.activity.message",
        ["value"] = text,
    });

    /// <summary><c>task/fetch</c> / <c>task/submit</c>: open or continue a dialog with an Adaptive Card.</summary>
    public static InvokeResponse Dialog(string title, JsonObject card, string size = "medium") => Ok(new JsonObject
    {
        ["task"] = new JsonObject
        {
            ["type"] = "continue",
            ["value"] = new JsonObject
            {
                ["title"] = title,
                ["height"] = size,
                ["width"] = size,
                ["card"] = new JsonObject { ["contentType"] = ContentTypes.AdaptiveCard, ["content"] = card },
            },
        },
    });

    /// <summary><c>task/*</c>: close the dialog and show a message box.</summary>
    public static InvokeResponse DialogMessage(string text) => Ok(new JsonObject
    {
        ["task"] = new JsonObject { ["type"] = "message", ["value"] = text },
    });

    /// <summary>Message-extension answer that is only text (docs/teams-protocol.md, "Message-extension search", <c>type: message</c>).</summary>
    public static InvokeResponse ComposeMessage(string text) => Ok(new JsonObject
    {
        ["composeExtension"] = new JsonObject { ["type"] = "message", ["text"] = text },
    });
}
