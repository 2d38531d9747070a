using System.Text.Json.Nodes;
using HubSpotTeamsBot.Cards;
using HubSpotTeamsBot.Forms;
using HubSpotTeamsBot.HubSpot;
using HubSpotTeamsBot.Records;

namespace HubSpotTeamsBot.Features.Deals;

/// <summary>Reads deals the way the forms and result cards need them: form values, labels, owner name.</summary>
public sealed class DealRecords(HubSpotCrmClient crm, RecordLinksProvider links, RecordCardFields cardFields, ILogger<DealRecords> logger)
{
    public static readonly string[] Properties = ["dealname", "amount", "deal_currency_code", "closedate", "pipeline", "dealstage", "hubspot_owner_id", "hs_lastmodifieddate"];

    /// <summary>The deal with what its card shows, the admin's form fields included (<see cref="RecordCardFields"/>).</summary>
    public async Task<CrmObject> GetAsync(string tenantId, string id, CancellationToken ct) =>
        await GetAsync(tenantId, id, (await cardFields.ForAsync(tenantId, CrmObjectType.Deals, ct)).Select(f => f.Name), ct);

    /// <summary>The deal with the properties an admin put on the form too (HubSpot is asked for those only).</summary>
    public Task<CrmObject> GetAsync(string tenantId, string id, IEnumerable<string> extra, CancellationToken ct) =>
        crm.GetAsync(tenantId, CrmObjectType.Deals, id, [.. Properties.Union(extra, StringComparer.Ordinal)], ct: ct);

    public async Task<IReadOnlyList<StageChoice>> StagesAsync(string tenantId, CancellationToken ct) =>
        StageChoice.From(await crm.GetDealPipelinesAsync(tenantId, ct));

    /// <summary>The portal's currency for the amount label; the form still works without it.</summary>
    public async Task<string?> CurrencyAsync(string tenantId, CancellationToken ct)
    {
        try
        {
            return (await crm.GetAccountInfoAsync(tenantId, ct)).CompanyCurrency;
        }
        catch (HubSpotException e) when (e is not HubSpotAuthException)
        {
            logger.LogInformation("Account info unavailable ({Status}); the amount shows no currency.", e.StatusCode);
            return null;
        }
    }

    /// <summary>
    /// The form values a deal shows when opened for editing; the admin's <paramref name="custom"/> properties keep
    /// HubSpot's stored form (their inputs show it, and changes are compared by meaning).
    /// </summary>
    public static Dictionary<string, string?> FormValues(CrmObject deal, IEnumerable<string>? custom = null)
    {
        var values = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            [DealFields.Name] = deal["dealname"] ?? string.Empty,
            [DealFields.Stage] = deal["pipeline"] is { Length: > 0 } p && deal["dealstage"] is { Length: > 0 } s ? new StageChoice(p, s, string.Empty).Value : string.Empty,
            [DealFields.Amount] = deal["amount"] ?? string.Empty,
            [DealFields.CloseDate] = DealValues.DateForCard(deal["closedate"]),
            // The owner picker's value is the owner id itself.
            [DealFields.Owner] = deal["hubspot_owner_id"] ?? string.Empty,
        };
        foreach (var name in custom ?? []) values[name] = deal[name] ?? string.Empty;
        return values;
    }

    /// <summary>
    /// The card for a deal saved in HubSpot when reading it back failed: the save happened, so it must not be reported
    /// as failed (the form would be released and the next click would write again).
    /// </summary>
    public static JsonObject SavedWithoutDetails(string headline, string name, string id) => Card.Adaptive(
        Card.Heading(headline),
        Card.Text($"“{CardText.Literal(name)}” is saved in HubSpot (deal {id}). HubSpot is slow right now, so its details are not shown; send **update deal {id}** to see them.", subtle: true));

    /// <summary>The deal's record card with labels, owner name and the shared actions (Move stage among them).</summary>
    public async Task<JsonObject> CardAsync(string tenantId, CrmObject deal, string headline, CancellationToken ct)
    {
        var labels = RecordLabels.DealLabels(await crm.GetDealPipelinesAsync(tenantId, ct), deal);
        var owner = deal["hubspot_owner_id"] is { Length: > 0 } ownerId ? await crm.GetOwnerByIdAsync(tenantId, ownerId, ct) : null;
        return RecordCards.Deal(deal, await links.GetAsync(tenantId, ct), new RecordCardOptions
        {
            Headline = headline,
            OwnerName = owner?.DisplayName,
            Labels = labels,
            Currency = await CurrencyAsync(tenantId, ct),
            Contacts = await DealContactNames.ReadAsync(crm, tenantId, deal, logger, ct),
            MoreFacts = RecordCardFields.Facts(await cardFields.ForAsync(tenantId, CrmObjectType.Deals, ct), deal),
            // Deal forms need the Editor role, so whoever gets this card may use its buttons.
            ReaderCanEdit = true,
            Refreshable = true,
        });
    }
}
