using System.Text.Json.Nodes;
using HubSpotTeamsBot.Records;
using HubSpotTeamsBot.Cards;
using HubSpotTeamsBot.Features.Common;
using HubSpotTeamsBot.HubSpot;
using HubSpotTeamsBot.Storage;

namespace HubSpotTeamsBot.Features.Notifications;

/// <summary>
/// Builds a record card from the record as HubSpot has it now, for a card refresh and for a webhook's in-place update:
/// the shared contact / deal card with the portal's labels, the owner's name and the portal's currency, and the refresh
/// again (so the updated card keeps refreshing).
/// </summary>
public sealed class RecordCardRenderer(HubSpotCrmClient crm, RecordLabels labels, RecordCardFields cardFields, ILogger<RecordCardRenderer> logger)
{
    private static readonly Dictionary<CrmObjectType, string[]> Properties = new()
    {
        [CrmObjectType.Contacts] = ["firstname", "lastname", "email", "phone", "company", "jobtitle", "hubspot_owner_id", "lifecyclestage", "hs_lead_status"],
        [CrmObjectType.Deals] = ["dealname", "amount", "deal_currency_code", "dealstage", "pipeline", "closedate", "hubspot_owner_id"],
    };

    /// <summary>The record types whose cards refresh ("contacts", "deals"); null for anything else.</summary>
    public static CrmObjectType? TypeOf(string? recordType) => recordType switch
    {
        "contacts" => CrmObjectType.Contacts,
        "deals" => CrmObjectType.Deals,
        _ => null,
    };

    /// <summary>One record now, or null when HubSpot no longer has it.</summary>
    public async Task<CrmObject?> ReadAsync(string tenantId, CrmObjectType type, string id, CancellationToken ct)
    {
        try
        {
            return await crm.GetAsync(tenantId, type, id, await PropertiesAsync(tenantId, type, ct), ct: ct);
        }
        catch (HubSpotNotFoundException)
        {
            return null;
        }
    }

    /// <summary>Many records of one type in one batch call per 100 (deleted ones are missing from the result).</summary>
    public async Task<IReadOnlyList<CrmObject>> ReadManyAsync(string tenantId, CrmObjectType type, IEnumerable<string> ids, CancellationToken ct) =>
        await crm.BatchReadAsync(tenantId, type, ids, await PropertiesAsync(tenantId, type, ct), ct);

    /// <summary>The card's own properties and those of the admin's form fields it shows after them.</summary>
    private async Task<string[]> PropertiesAsync(string tenantId, CrmObjectType type, CancellationToken ct) =>
        [.. Properties[type].Union((await cardFields.ForAsync(tenantId, type, ct)).Select(f => f.Name), StringComparer.Ordinal)];

    public async Task<JsonObject> CardAsync(string tenantId, PortalLink link, CrmObjectType type, CrmObject record, bool readerCanEdit,
        IReadOnlyList<string>? refreshUserIds, bool inChannel, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(link);
        ArgumentNullException.ThrowIfNull(record);
        var options = new RecordCardOptions
        {
            OwnerName = await OwnerNameAsync(tenantId, record["hubspot_owner_id"], ct),
            Labels = (await labels.ForAsync(tenantId, type, ct))(record),
            Currency = link.Currency,
            ReaderCanEdit = readerCanEdit,
            MoreFacts = RecordCardFields.Facts(await cardFields.ForAsync(tenantId, type, ct), record),
        };
        var recordLinks = HubSpotRecordLinks.From(link);
        var card = type == CrmObjectType.Deals ? RecordCards.Deal(record, recordLinks, options) : RecordCards.Contact(record, recordLinks, options);
        RecordCards.AddRefresh(card, type.PathSegment(), record.Id, refreshUserIds);
        if (inChannel) ChannelAudience.AddNotice(card);
        return card;
    }

    /// <summary>The short card a record deleted in HubSpot leaves behind; it no longer refreshes.</summary>
    public static JsonObject Deleted(string recordType, string recordId) =>
        Card.Adaptive(
            Card.Text((recordType == "deals" ? "Deal" : "Contact") + $" {CardText.Literal(recordId)} was deleted in HubSpot", weight: "Bolder"),
            Card.Text("This card showed it; there is nothing left to show.", subtle: true, size: "Small"));

    private async Task<string?> OwnerNameAsync(string tenantId, string? ownerId, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(ownerId)) return null;
        try
        {
            return (await crm.GetOwnerByIdAsync(tenantId, ownerId, ct))?.DisplayName;
        }
        catch (Exception e) when (e is HubSpotException and not HubSpotAuthException or ArgumentException)
        {
            logger.LogInformation("The record's owner could not be read ({Error}); the card shows no owner", e.GetType().Name);
            return null;
        }
    }
}
