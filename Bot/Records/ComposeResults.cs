using System.Text.Json.Nodes;
using HubSpotTeamsBot.BotFramework.Schema;

namespace HubSpotTeamsBot.Records;

/// <summary>
/// The <c>composeExtension</c> result envelope (docs/teams-protocol.md, "Message-extension search" and "Link
/// unfurling"). Every Adaptive Card result carries a thumbnail
/// preview (hosts reject adaptive previews); the preview's invoke tap brings the pick back as <c>selectItem</c>.
/// </summary>
public static class ComposeResults
{
    public const string ThumbnailCard = "application/vnd.microsoft.card.thumbnail";

    public static JsonObject Attachment(JsonObject card, RecordSummary summary, JsonObject? tapValue)
    {
        ArgumentNullException.ThrowIfNull(summary);
        var preview = new JsonObject { ["title"] = summary.Title, ["text"] = summary.Subtitle };
        if (tapValue is not null)
        {
            preview["tap"] = new JsonObject { ["type"] = "invoke", ["value"] = tapValue };
        }

        return new JsonObject
        {
            ["contentType"] = ContentTypes.AdaptiveCard,
            ["content"] = card,
            ["preview"] = new JsonObject { ["contentType"] = ThumbnailCard, ["content"] = preview },
        };
    }

    public static InvokeResponse List(IEnumerable<JsonObject> attachments) => InvokeResponse.Ok(new JsonObject
    {
        ["composeExtension"] = new JsonObject
        {
            ["type"] = "result",
            ["attachmentLayout"] = "list",
            ["attachments"] = new JsonArray(attachments.Cast<JsonNode>().ToArray()),
        },
    });

    /// <summary>An empty result: nothing to show and nothing wrong (unfurling a link we don't recognise).</summary>
    public static InvokeResponse Empty() => List([]);
}
