using System.Globalization;
using HubSpotTeamsBot.HubSpot;

namespace HubSpotTeamsBot.Records;

/// <summary>The one-line title and subtitle a search result shows: "name" / "email · company" or "deal" / "stage · amount".</summary>
public sealed record RecordSummary(string Title, string Subtitle)
{
    public static RecordSummary ForContact(CrmObject contact)
    {
        ArgumentNullException.ThrowIfNull(contact);
        return new RecordSummary(RecordNames.Contact(contact), Join(contact["email"], contact["company"]));
    }

    /// <param name="stageLabel">The stage's label when known (pipelines are cached), else the stage id is shown.</param>
    public static RecordSummary ForDeal(CrmObject deal, string? stageLabel)
    {
        ArgumentNullException.ThrowIfNull(deal);
        return new RecordSummary(RecordNames.Deal(deal), Join(stageLabel ?? deal["dealstage"], Amount(deal["amount"])));
    }

    public static string? Amount(string? amount) =>
        decimal.TryParse(amount, NumberStyles.Number, CultureInfo.InvariantCulture, out var value)
            ? value.ToString("#,##0.##", CultureInfo.InvariantCulture)
            : amount;

    private static string Join(params string?[] parts) => string.Join(" · ", parts.Where(p => !string.IsNullOrWhiteSpace(p)));
}
