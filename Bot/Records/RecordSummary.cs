using System.Globalization;
using HubSpotTeamsBot.HubSpot;

namespace HubSpotTeamsBot.Records;

/// <summary>The one-line title and subtitle a search result shows: "name" / "email · company" or "deal" / "stage · amount".</summary>
public sealed record RecordSummary(string Title, string Subtitle)
{
    public static RecordSummary ForContact(CrmObject contact)
    {
        ArgumentNullException.ThrowIfNull(contact);
        var name = string.Join(' ', new[] { contact["firstname"], contact["lastname"] }.Where(p => !string.IsNullOrWhiteSpace(p)));
        var email = contact["email"];
        var title = !string.IsNullOrWhiteSpace(name) ? name : !string.IsNullOrWhiteSpace(email) ? email : $"Contact {contact.Id}";
        return new RecordSummary(title, Join(email, contact["company"]));
    }

    /// <param name="stageLabel">The stage's label when known (pipelines are cached), else the stage id is shown.</param>
    public static RecordSummary ForDeal(CrmObject deal, string? stageLabel)
    {
        ArgumentNullException.ThrowIfNull(deal);
        var name = deal["dealname"];
        return new RecordSummary(string.IsNullOrWhiteSpace(name) ? $"Deal {deal.Id}" : name, Join(stageLabel ?? deal["dealstage"], Amount(deal["amount"])));
    }

    public static string? Amount(string? amount) =>
        decimal.TryParse(amount, NumberStyles.Number, CultureInfo.InvariantCulture, out var value)
            ? value.ToString("#,##0.##", CultureInfo.InvariantCulture)
            : amount;

    private static string Join(params string?[] parts) => string.Join(" · ", parts.Where(p => !string.IsNullOrWhiteSpace(p)));
}
