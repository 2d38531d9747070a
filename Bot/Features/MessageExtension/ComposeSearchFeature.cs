using System.Globalization;
using System.Text.Json.Nodes;
using HubSpotTeamsBot.BotFramework.Routing;
using HubSpotTeamsBot.BotFramework.Schema;
using HubSpotTeamsBot.Cards;
using HubSpotTeamsBot.Features.Common;
using HubSpotTeamsBot.HubSpot;
using HubSpotTeamsBot.Identity;
using HubSpotTeamsBot.Storage;
using Microsoft.Extensions.Options;

namespace HubSpotTeamsBot.Features.MessageExtension;

/// <summary>
/// The compose-box searches <c>searchContacts</c> and <c>searchDeals</c> (docs/teams-protocol.md, "Message-extension
/// search"): typed text searches
/// HubSpot (name, email, company / deal name); the initial run lists what the person touched lately, or else what
/// changed lately. Picking a result (<c>selectItem</c>) inserts the record card.
/// </summary>
public sealed class ComposeSearchFeature(
    PortalGate gate,
    RecordSearch search,
    RecentRecords recents,
    DealStageLabels stages,
    HubSpotCrmClient crm,
    IOptions<MessageExtensionOptions> options,
    ChannelAudience audience,
    AccessGuard guard,
    RecordLabels labels,
    ILogger<ComposeSearchFeature> logger) : IBotFeature
{
    public const string StillSearching = "Still searching — keep typing…";

    public void MapRoutes(BotRoutes routes)
    {
        ArgumentNullException.ThrowIfNull(routes);
        routes.OnInvoke(InvokeNames.ComposeQuery, SearchCommands.SearchContacts, RouteAccess.Viewer("contact.search"), turn => SearchAsync(turn, CrmObjectType.Contacts));
        routes.OnInvoke(InvokeNames.ComposeQuery, SearchCommands.SearchDeals, RouteAccess.Viewer("deal.search"), turn => SearchAsync(turn, CrmObjectType.Deals));
        routes.OnInvoke(InvokeNames.ComposeSelectItem, RouteAccess.Viewer("record.view"), SelectAsync);
    }

    private async Task<InvokeResponse> SearchAsync(TurnContext turn, CrmObjectType type)
    {
        var access = await gate.CheckAsync(turn, AppRole.Viewer, $"{Noun(type)}.search");
        if (!access.Allowed) return InvokeResponse.ComposeMessage(access.Refusal!);
        if (await audience.RefusalAsync(turn) is { } refusal) return InvokeResponse.ComposeMessage(refusal);
        var link = access.Link!;

        var query = ComposeQuery.From(turn.Activity.Value, options.Value.MaxResults);
        SearchOutcome outcome;
        IReadOnlyList<string>? order = null;
        if (query.InitialRun)
        {
            var (key, request, ids) = await InitialRunAsync(turn, link, type, query);
            if (key is null) return ComposeResults.Empty();
            outcome = await search.SearchAsync(key, request!, turn.CancellationToken);
            order = ids;
        }
        else
        {
            outcome = await search.SearchTextAsync(link.TenantId, link.PortalId, type, query.Keyword!, query.Skip, query.Count, turn.CancellationToken);
        }

        if (!outcome.Answered) return InvokeResponse.ComposeMessage(StillSearching);

        var results = order is null ? outcome.Page!.Results : outcome.Page!.Results.OrderBy(r => IndexOf(order, r.Id)).ToList();
        if (results.Count == 0 && query.Skip == 0)
        {
            return InvokeResponse.ComposeMessage(query.InitialRun
                ? $"There are no {Noun(type)}s in HubSpot yet."
                : $"No {Noun(type)}s match \"{query.Keyword}\". Try {(type == CrmObjectType.Deals ? "another part of the deal name" : "a name, email or company")}.");
        }

        var stageOf = type == CrmObjectType.Deals ? await stages.ForAsync(link.TenantId, turn.CancellationToken) : null;
        var canEdit = await guard.HoldsAsync(turn, AppRole.Editor);
        var labelsOf = await labels.ForAsync(link.TenantId, type, turn.CancellationToken);
        return ComposeResults.List(results.Select(r => ForChannel(turn, ResultFor(link, type, r, stageOf, canEdit, labelsOf))));
    }

    /// <summary>
    /// First screen: the person's recently touched records (one page, from the audit log), or if there are none the
    /// most recently modified records, paged like a search.
    /// </summary>
    private async Task<(SearchKey?, CrmSearchRequest?, IReadOnlyList<string>?)> InitialRunAsync(TurnContext turn, PortalLink link, CrmObjectType type, ComposeQuery query)
    {
        var who = turn.Who();
        var ids = await recents.IdsAsync(who.TenantId, who.AadObjectId, type, query.Count, turn.CancellationToken);
        if (ids.Count > 0)
        {
            if (query.Skip > 0) return (null, null, null);
            return (new SearchKey(link.TenantId, link.PortalId, type, "ids:" + string.Join(',', ids), 0, query.Count),
                new CrmSearchRequest
                {
                    FilterGroups = [new CrmFilterGroup([new CrmFilter("hs_object_id", CrmFilterOperator.In, Values: ids)])],
                    Properties = RecordProperties.For(type),
                    Limit = query.Count,
                },
                ids);
        }

        return (new SearchKey(link.TenantId, link.PortalId, type, "recent", query.Skip, query.Count),
            new CrmSearchRequest
            {
                Sorts = [new CrmSort(RecordProperties.ModifiedDate(type), CrmSortDirection.Descending)],
                Properties = RecordProperties.For(type),
                Limit = query.Count,
                After = After(query.Skip),
            },
            null);
    }

    private async Task<InvokeResponse> SelectAsync(TurnContext turn)
    {
        var value = turn.Activity.Value;
        var type = ParseType(value.Str("type"));
        var id = value.Str("id");
        if (type is null || string.IsNullOrWhiteSpace(id))
        {
            return InvokeResponse.ComposeMessage("I couldn't tell which record you picked. Please search again and pick it from the list.");
        }

        var access = await gate.CheckAsync(turn, AppRole.Viewer, $"{Noun(type.Value)}.view");
        if (!access.Allowed) return InvokeResponse.ComposeMessage(access.Refusal!);
        if (await audience.RefusalAsync(turn) is { } refusal) return InvokeResponse.ComposeMessage(refusal);
        var link = access.Link!;

        CrmObject record;
        try
        {
            record = await crm.GetAsync(link.TenantId, type.Value, id, RecordProperties.For(type.Value), RecordProperties.Associated(type.Value), turn.CancellationToken);
        }
        catch (HubSpotNotFoundException)
        {
            return InvokeResponse.ComposeMessage($"That {Noun(type.Value)} no longer exists in HubSpot. Please search again.");
        }

        var stageOf = type == CrmObjectType.Deals ? await stages.ForAsync(link.TenantId, turn.CancellationToken) : null;
        var canEdit = await guard.HoldsAsync(turn, AppRole.Editor);
        var labelsOf = await labels.ForAsync(link.TenantId, type.Value, turn.CancellationToken);
        // The chosen card goes in as it is; its preview needs no tap any more.
        return ComposeResults.List([ForChannel(turn, ComposeResults.Attachment(
            CardFor(link, type.Value, record, Card.Version, canEdit, labelsOf, await ContactsOfAsync(crm, link, type.Value, record, logger, turn.CancellationToken)),
            Summary(type.Value, record, stageOf), tapValue: null))]);
    }

    /// <summary>A card inserted in a channel's compose box will be read by the whole channel: it says so.</summary>
    internal static JsonObject ForChannel(TurnContext turn, JsonObject attachment)
    {
        if (ChannelAudience.IsChannel(turn.Activity) && attachment["content"] is JsonObject card) ChannelAudience.AddNotice(card);
        return attachment;
    }

    /// <summary>One result: the full card as content (hosts that insert directly use it) and a thumbnail preview whose tap selects it.</summary>
    internal static JsonObject ResultFor(PortalLink link, CrmObjectType type, CrmObject record, Func<CrmObject, string?>? stageOf, bool readerCanEdit,
        Func<CrmObject, IReadOnlyDictionary<string, string>> labelsOf) =>
        ComposeResults.Attachment(
            CardFor(link, type, record, Card.Version, readerCanEdit, labelsOf),
            Summary(type, record, stageOf),
            new JsonObject { ["type"] = Noun(type), ["id"] = record.Id });

    /// <summary>The shared record card (Open in HubSpot, and the record's actions for someone who may write); 1.5
    /// inserted, 1.3 unfurled.</summary>
    internal static JsonObject CardFor(PortalLink link, CrmObjectType type, CrmObject record, string version, bool readerCanEdit,
        Func<CrmObject, IReadOnlyDictionary<string, string>> labelsOf, string? contacts = null)
    {
        var links = HubSpotRecordLinks.From(link);
        // Labels from the portal's definitions; amounts in the deal's currency, else the portal's (stored when linked).
        var options = new RecordCardOptions { Version = version, ReaderCanEdit = readerCanEdit, Labels = labelsOf(record), Currency = link.Currency, Contacts = contacts };
        return type == CrmObjectType.Deals ? RecordCards.Deal(record, links, options) : RecordCards.Contact(record, links, options);
    }

    /// <summary>A single deal's card (chosen or unfurled) names its contacts; a result list does not (one call per deal).</summary>
    internal static async Task<string?> ContactsOfAsync(HubSpotCrmClient crm, PortalLink link, CrmObjectType type, CrmObject record, ILogger logger, CancellationToken ct) =>
        type == CrmObjectType.Deals ? await Deals.DealContactNames.ReadAsync(crm, link.TenantId, record, logger, ct) : null;

    internal static RecordSummary Summary(CrmObjectType type, CrmObject record, Func<CrmObject, string?>? stageOf) =>
        type == CrmObjectType.Deals ? RecordSummary.ForDeal(record, stageOf?.Invoke(record)) : RecordSummary.ForContact(record);

    internal static string Noun(CrmObjectType type) => type == CrmObjectType.Deals ? "deal" : "contact";

    internal static CrmObjectType? ParseType(string? noun) => noun?.ToLowerInvariant() switch
    {
        "contact" => CrmObjectType.Contacts,
        "deal" => CrmObjectType.Deals,
        _ => null,
    };

    // HubSpot's search cursor is the offset of the next result, so Teams' skip maps straight onto it.
    private static string? After(int skip) => skip > 0 ? skip.ToString(CultureInfo.InvariantCulture) : null;

    private static int IndexOf(IReadOnlyList<string> order, string id)
    {
        for (var i = 0; i < order.Count; i++) if (order[i] == id) return i;
        return int.MaxValue;
    }
}
