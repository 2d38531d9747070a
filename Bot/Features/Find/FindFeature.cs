using System.Text.Json.Nodes;
using HubSpotTeamsBot.BotFramework.Routing;
using HubSpotTeamsBot.Cards;
using HubSpotTeamsBot.Features.Common;
using HubSpotTeamsBot.Forms;
using HubSpotTeamsBot.HubSpot;
using HubSpotTeamsBot.Identity;
using HubSpotTeamsBot.Records;

namespace HubSpotTeamsBot.Features.Find;

/// <summary><c>find &lt;text&gt;</c>: up to ten contacts and deals as a compact list with Open / Edit buttons.</summary>
public sealed class FindFeature(HubSpotCrmClient crm, AccessGuard guard, RecordLinksProvider links, ChannelAudience audience, RecordLabels labels,
    Storage.PortalLinkStore portals) : IBotFeature
{
    public const int MaxResults = 10;
    private static readonly string[] ContactProperties = ["firstname", "lastname", "email", "company"];
    private static readonly string[] DealProperties = ["dealname", "amount", "deal_currency_code", "dealstage", "pipeline"];

    public void MapRoutes(BotRoutes routes) => routes.OnCommand("find", RouteAccess.Viewer("find"), FindAsync, "search");

    private async Task FindAsync(TurnContext turn)
    {
        var access = await guard.CheckAsync(turn, AppRole.Viewer, "find");
        if (!access.Allowed)
        {
            await turn.SendTextAsync(access.RefusalMessage);
            return;
        }
        var text = turn.CommandArguments.Trim();
        if (text.Length == 0)
        {
            await turn.SendTextAsync("What should I look for? Send **find** followed by a name, email, company or deal name, e.g. `find ada`.");
            return;
        }
        if (await audience.RefusalAsync(turn) is { } refusal)
        {
            await turn.SendTextAsync(refusal);
            return;
        }
        var tenant = turn.TenantId ?? string.Empty;
        var contacts = await SearchAsync(tenant, CrmObjectType.Contacts, text, ContactProperties, turn.CancellationToken);
        var deals = await SearchAsync(tenant, CrmObjectType.Deals, text, DealProperties, turn.CancellationToken);
        if (contacts.Results.Count + deals.Results.Count == 0)
        {
            await turn.SendTextAsync($"Nothing in HubSpot matches “{CardText.Literal(text)}”. Try part of a name, an email or a company.");
            return;
        }
        var recordLinks = await links.GetAsync(tenant, turn.CancellationToken);
        // A Viewer gets Open only: Edit would just be refused.
        var canEdit = await guard.HoldsAsync(turn, AppRole.Editor);
        // Deals read as people know them: the amount in its currency, the stage by its label.
        var dealLabels = deals.Results.Count > 0 ? await labels.ForAsync(tenant, CrmObjectType.Deals, turn.CancellationToken) : null;
        var currency = (await portals.GetRecentAsync(tenant, turn.CancellationToken))?.Currency;
        string? Stage(CrmObject d) => d["dealstage"] is { } s && dealLabels!(d).TryGetValue(s, out var label) ? label : d["dealstage"];
        var rows = contacts.Results.Select(c => Row(RecordNames.Contact(c), Join(c["email"], c["company"]), recordLinks.Contact(c.Id), canEdit ? RecordCards.Verbs.ContactUpdate : null, c.Id, "contacts"))
            .Concat(deals.Results.Select(d => Row(RecordNames.Deal(d), Join(Money.Format(d["amount"], d["deal_currency_code"] ?? currency), Stage(d)), recordLinks.Deal(d.Id), canEdit ? RecordCards.Verbs.DealUpdate : null, d.Id, "deals")))
            .Take(MaxResults)
            .ToList();
        var total = contacts.Total + deals.Total;
        var heading = total > rows.Count ? $"First {rows.Count} of {total} matches for “{CardText.Literal(text)}”" : $"{rows.Count} match{(rows.Count == 1 ? "" : "es")} for “{CardText.Literal(text)}”";
        var card = Card.Adaptive([Card.Heading(heading), .. rows]);
        if (ChannelAudience.IsChannel(turn.Activity)) ChannelAudience.AddNotice(card);
        await turn.SendCardAsync(card);
    }

    private Task<CrmSearchPage> SearchAsync(string tenant, CrmObjectType type, string text, string[] properties, CancellationToken ct) =>
        crm.SearchAsync(tenant, type, new CrmSearchRequest { Query = text, Properties = properties, Limit = MaxResults }, ct);

    internal static JsonObject Row(string title, string? detail, string url, string? editVerb, string id, string type) => new JsonObject
    {
        ["type"] = "Container",
        ["separator"] = true,
        ["items"] = new JsonArray(
            Card.Text($"**{CardText.Literal(title)}**" + (detail is null ? "" : $" · {CardText.Literal(detail)}")),
            new JsonObject
            {
                ["type"] = "ActionSet",
                ["actions"] = editVerb is null
                    ? new JsonArray(Card.OpenUrl("Open", url))
                    : new JsonArray(
                        Card.OpenUrl("Open", url),
                        RecordCards.OpenDialog("Edit", editVerb, new JsonObject { [FormKeys.RecordId] = id, [FormKeys.RecordType] = type })),
            }),
    };

    private static string? Join(params string?[] parts) =>
        string.Join(" · ", parts.Where(p => !string.IsNullOrWhiteSpace(p))) is { Length: > 0 } joined ? joined : null;
}
