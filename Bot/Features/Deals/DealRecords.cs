using System.Text.Json.Nodes;
using HubSpotTeamsBot.Cards;
using HubSpotTeamsBot.Forms;
using HubSpotTeamsBot.HubSpot;
using HubSpotTeamsBot.Records;

namespace HubSpotTeamsBot.Features.Deals;

/// <summary>Reads deals the way the forms and result cards need them: form values, labels, owner name.</summary>
public sealed class DealRecords(HubSpotCrmClient crm, RecordLinksProvider links, ILogger<DealRecords> logger)
{
    public static readonly string[] Properties = ["dealname", "amount", "deal_currency_code", "closedate", "pipeline", "dealstage", "hubspot_owner_id", "hs_lastmodifieddate"];

    public Task<CrmObject> GetAsync(string tenantId, string id, CancellationToken ct) => crm.GetAsync(tenantId, CrmObjectType.Deals, id, Properties, ct: ct);

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

    /// <summary>The form values a deal shows when opened for editing.</summary>
    public Task<Dictionary<string, string?>> FormValuesAsync(string tenantId, CrmObject deal, CancellationToken ct) => Task.FromResult(new Dictionary<string, string?>(StringComparer.Ordinal)
    {
        [DealFields.Name] = deal["dealname"] ?? string.Empty,
        [DealFields.Stage] = deal["pipeline"] is { Length: > 0 } p && deal["dealstage"] is { Length: > 0 } s ? new StageChoice(p, s, string.Empty).Value : string.Empty,
        [DealFields.Amount] = deal["amount"] ?? string.Empty,
        [DealFields.CloseDate] = DealValues.DateForCard(deal["closedate"]),
        // The owner picker's value is the owner id itself.
        [DealFields.Owner] = deal["hubspot_owner_id"] ?? string.Empty,
    });

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
        var pipelines = await crm.GetDealPipelinesAsync(tenantId, ct);
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pipeline in pipelines)
        {
            labels[pipeline.Id] = pipeline.Label;
            foreach (var stage in pipeline.Stages) labels.TryAdd(stage.Id, stage.Label);
        }
        var owner = deal["hubspot_owner_id"] is { Length: > 0 } ownerId ? await crm.GetOwnerByIdAsync(tenantId, ownerId, ct) : null;
        var card = RecordCards.Deal(deal, await links.GetAsync(tenantId, ct), new RecordCardOptions
        {
            Headline = headline,
            OwnerName = owner?.DisplayName,
            Labels = labels,
            Currency = await CurrencyAsync(tenantId, ct),
            Contacts = await DealContactNames.ReadAsync(crm, tenantId, deal, logger, ct),
            // Deal forms need the Editor role, so whoever gets this card may use its buttons.
            ReaderCanEdit = true,
            Refreshable = true,
        });
        return card;
    }
}
