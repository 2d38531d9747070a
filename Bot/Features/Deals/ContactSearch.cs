using System.Text.Json.Nodes;
using HubSpotTeamsBot.BotFramework.Invokes;
using HubSpotTeamsBot.BotFramework.Routing;
using HubSpotTeamsBot.BotFramework.Schema;
using HubSpotTeamsBot.Features.Common;
using HubSpotTeamsBot.HubSpot;
using HubSpotTeamsBot.Identity;
using HubSpotTeamsBot.Records;

namespace HubSpotTeamsBot.Features.Deals;

/// <summary>
/// Typeahead for the deal form's contact picker: Teams sends <c>application/search</c> with the typed text for the
/// "contacts" dataset (docs/teams-protocol.md, "Typeahead") and shows the results as choices.
/// </summary>
public sealed class ContactSearch(HubSpotCrmClient crm, AccessGuard guard)
{
    private const int MaxResults = 15;

    public async Task<InvokeResponse> AnswerAsync(TurnContext turn)
    {
        var search = turn.Payload<ApplicationSearchValue>();
        var query = search.QueryText?.Trim() ?? string.Empty;
        var results = new List<(string Title, string Value)>();
        if (query.Length > 0 && turn.TenantId is { } tenantId && (await guard.CheckAsync(turn, AppRole.Viewer, "contact.search")).Allowed)
        {
            var top = search.QueryOptions?.Top is { } n ? Math.Clamp(n, 1, MaxResults) : MaxResults;
            var page = await crm.SearchAsync(tenantId, CrmObjectType.Contacts,
                new CrmSearchRequest { Query = query, Properties = ["firstname", "lastname", "email"], Limit = top }, turn.CancellationToken);
            foreach (var match in page.Results.Select(RecordMatch.Contact))
                results.Add((match.Subtitle is null ? match.Title : $"{match.Title} ({match.Subtitle})", match.Id));
        }
        return ComposeResults.SearchResponse(results);
    }
}
