using System.Globalization;
using System.Text.Json.Nodes;
using HubSpotTeamsBot.BotFramework.Invokes;
using HubSpotTeamsBot.BotFramework.Routing;
using HubSpotTeamsBot.BotFramework.Schema;
using HubSpotTeamsBot.Cards;
using HubSpotTeamsBot.Features.Common;
using HubSpotTeamsBot.HubSpot;
using HubSpotTeamsBot.Identity;
using HubSpotTeamsBot.Records;
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

        var query = ComposeQuery.From(turn.Payload<ComposeQueryValue>(), options.Value.MaxResults);
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

        var canEdit = await guard.HoldsAsync(turn, AppRole.Editor);
        var labelsOf = await labels.ForAsync(link.TenantId, type, turn.CancellationToken);
        return ComposeResults.List(results.Select(r => ForChannel(turn, ComposeResults.ForRecord(link, type, r, labelsOf(r), canEdit))));
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
        var picked = turn.Payload<ComposeSelectItemValue>().Data;
        var type = ParseType(CardData.Text(picked, "type"));
        var id = CardData.Text(picked, "id");
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

        var canEdit = await guard.HoldsAsync(turn, AppRole.Editor);
        var labelsOf = await labels.ForAsync(link.TenantId, type.Value, turn.CancellationToken);
        // The chosen card goes in as it is; its preview needs no tap any more.
        return ComposeResults.List([ForChannel(turn, ComposeResults.ForRecord(link, type.Value, record, labelsOf(record), canEdit, tap: false,
            contacts: await DealContactNames.ForCardAsync(crm, link.TenantId, type.Value, record, logger, turn.CancellationToken)))]);
    }

    /// <summary>A card inserted in a channel's compose box will be read by the whole channel: it says so.</summary>
    internal static JsonObject ForChannel(TurnContext turn, JsonObject attachment)
    {
        if (ChannelAudience.IsChannel(turn.Activity) && attachment["content"] is JsonObject card) ChannelAudience.AddNotice(card);
        return attachment;
    }

    internal static string Noun(CrmObjectType type) => RecordNames.Noun(type);

    internal static CrmObjectType? ParseType(string? noun) => RecordNames.ParseNoun(noun);

    // HubSpot's search cursor is the offset of the next result, so Teams' skip maps straight onto it.
    private static string? After(int skip) => skip > 0 ? skip.ToString(CultureInfo.InvariantCulture) : null;

    private static int IndexOf(IReadOnlyList<string> order, string id)
    {
        for (var i = 0; i < order.Count; i++) if (order[i] == id) return i;
        return int.MaxValue;
    }
}
