using System.Text.Json.Nodes;
using HubSpotTeamsBot.Cards;
using HubSpotTeamsBot.HubSpot;

namespace HubSpotTeamsBot.Features.MessageExtension;

/// <summary>
/// The card inserted into a message (Adaptive Card 1.5) or unfurled from a link (1.3, the most link unfurling takes):
/// the record's key facts and Open in HubSpot. Only TextBlock, FactSet and Action.OpenUrl, which 1.3 has.
/// </summary>
public static class RecordCardContent
{
    public const string UnfurlVersion = "1.3";

    public static JsonObject Contact(CrmObject contact, string url, string version = Card.Version)
    {
        ArgumentNullException.ThrowIfNull(contact);
        var summary = RecordSummary.ForContact(contact);
        var card = Card.Adaptive(
                Card.Heading(summary.Title),
                Card.Text("HubSpot contact", subtle: true),
                Card.Facts(("Email", contact["email"]), ("Company", contact["company"]), ("Job title", contact["jobtitle"]),
                    ("Phone", contact["phone"]), ("Lifecycle stage", contact["lifecyclestage"])))
            .WithActions(Card.OpenUrl("Open in HubSpot", url));
        card["version"] = version;
        return card;
    }

    public static JsonObject Deal(CrmObject deal, string? stageLabel, string url, string version = Card.Version)
    {
        ArgumentNullException.ThrowIfNull(deal);
        var summary = RecordSummary.ForDeal(deal, stageLabel);
        var card = Card.Adaptive(
                Card.Heading(summary.Title),
                Card.Text("HubSpot deal", subtle: true),
                Card.Facts(("Stage", stageLabel ?? deal["dealstage"]), ("Amount", RecordSummary.Amount(deal["amount"])),
                    ("Close date", CloseDate(deal["closedate"]))))
            .WithActions(Card.OpenUrl("Open in HubSpot", url));
        card["version"] = version;
        return card;
    }

    private static string? CloseDate(string? value) =>
        DateTimeOffset.TryParse(value, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var date)
            ? date.ToString("d MMM yyyy", System.Globalization.CultureInfo.InvariantCulture)
            : value;
}
