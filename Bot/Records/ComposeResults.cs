using System.Text.Json.Nodes;
using HubSpotTeamsBot.BotFramework.Schema;
using HubSpotTeamsBot.Cards;
using HubSpotTeamsBot.HubSpot;
using HubSpotTeamsBot.Storage;

namespace HubSpotTeamsBot.Records;

/// <summary>
/// The <c>composeExtension</c> result envelope (docs/teams-protocol.md, "Message-extension search" and "Link
/// unfurling"). Every Adaptive Card result carries a thumbnail
/// preview (hosts reject adaptive previews); the preview's invoke tap brings the pick back as <c>selectItem</c>.
/// Search, the picked result and link unfurling all answer through <see cref="ForRecord"/> and <see cref="List"/>.
/// </summary>
public static class ComposeResults
{
    public const string ThumbnailCard = "application/vnd.microsoft.card.thumbnail";

    /// <summary>
    /// One record as a result: the shared record card as content (Open in HubSpot, and the record's actions for
    /// someone who may write; 1.5 inserted, 1.3 unfurled) and its one-line summary as the preview. With
    /// <paramref name="tap"/> the preview's tap selects it (a search result); a picked or unfurled card needs none.
    /// <paramref name="contacts"/> names a deal's contacts (a single card only: a result list would cost a call per deal).
    /// </summary>
    public static JsonObject ForRecord(PortalLink link, CrmObjectType type, CrmObject record, IReadOnlyDictionary<string, string> labels,
        bool readerCanEdit, string version = Card.Version, bool tap = true, string? contacts = null)
    {
        ArgumentNullException.ThrowIfNull(link);
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(labels);
        var links = HubSpotRecordLinks.From(link);
        // Labels from the portal's definitions; amounts in the deal's currency, else the portal's (stored when linked).
        var options = new RecordCardOptions { Version = version, ReaderCanEdit = readerCanEdit, Labels = labels, Currency = link.Currency, Contacts = contacts };
        var card = type == CrmObjectType.Deals ? RecordCards.Deal(record, links, options) : RecordCards.Contact(record, links, options);
        var summary = type == CrmObjectType.Deals
            ? RecordSummary.ForDeal(record, record["dealstage"] is { } stage ? labels.GetValueOrDefault(stage) : null)
            : RecordSummary.ForContact(record);
        return Attachment(card, summary, tap ? new JsonObject { ["type"] = RecordNames.Noun(type), ["id"] = record.Id } : null);
    }

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

    /// <summary>The answer to <c>application/search</c> (typeahead of a <c>Data.Query</c> choice set): title/value pairs.</summary>
    public static InvokeResponse SearchResponse(IEnumerable<(string Title, string Value)> choices) => InvokeResponse.Ok(new JsonObject
    {
        ["statusCode"] = 200,
        ["type"] = "application/vnd.microsoft.search.searchResponse",
        ["value"] = new JsonObject
        {
            ["results"] = new JsonArray(choices.Select(c => (JsonNode)new JsonObject { ["title"] = c.Title, ["value"] = c.Value }).ToArray()),
        },
    });
}
