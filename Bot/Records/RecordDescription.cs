using HubSpotTeamsBot.Cards;
using HubSpotTeamsBot.HubSpot;

namespace HubSpotTeamsBot.Records;

/// <summary>
/// How Log to HubSpot's record picker and its confirmation name a record, so two with the same name can be told
/// apart: a contact by its email (else its company) — "Grace Hopper · grace@navy.example" — and a deal by its amount
/// and stage — "Renewal · £25,000.00 · Contract sent".
/// </summary>
public static class RecordDescription
{
    public static string Of(CrmObjectType type, CrmObject record, string? portalCurrency = null, Func<CrmObject, string?>? stageOf = null)
    {
        ArgumentNullException.ThrowIfNull(record);
        var title = RecordNames.Title(type, record);
        var details = type == CrmObjectType.Deals
            ? new[] { Money.Format(record["amount"], record["deal_currency_code"] ?? portalCurrency), stageOf?.Invoke(record) ?? record["dealstage"] }
            : new[] { record["email"] is { Length: > 0 } email && !string.Equals(email, title, StringComparison.OrdinalIgnoreCase) ? email : null, record["company"] }
                .Where(d => !string.IsNullOrWhiteSpace(d)).Take(1).ToArray();
        return string.Join(" · ", details.Where(d => !string.IsNullOrWhiteSpace(d)).Prepend(title));
    }
}
