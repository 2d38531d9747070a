using System.Globalization;
using HubSpotSandbox.Behaviour;
using HubSpotSandbox.Errors;
using HubSpotSandbox.Json;
using HubSpotSandbox.Model;
using HubSpotSandbox.Search;

namespace HubSpotSandbox.Endpoints;

/// <summary>POST /crm/objects/{version}/{objectType}/search (own per-second limit, no rate-limit headers).</summary>
public static class SearchEndpoints
{
    public static void MapSearchEndpoints(this IEndpointRouteBuilder app, string version) =>
        app.MapPost($"/crm/objects/{version}/{{objectType}}/search", Search).Api("crm.search", CrmHelpers.ReadScopes, isSearch: true);

    private static async Task<IResult> Search(HttpContext context, string objectType)
    {
        var portal = PortalContext.Of(context).Portal;
        if (CrmObjectType.Find(objectType) is not { } type)
        {
            return CrmHelpers.UnknownType(context, objectType);
        }

        var (body, error) = await RequestBody.ReadAsync(context);
        if (error is not null)
        {
            return error;
        }

        var (request, problem) = SearchRequestParser.Parse(body, portal, type);
        if (problem is not null)
        {
            return HubSpotErrors.Validation(context, problem);
        }

        var (total, page) = SearchEngine.Run(portal, type, request!);
        var next = request!.After + page.Count;
        Paging? paging = next < total && page.Count > 0 ? new Paging(new PagingNext(next.ToString(CultureInfo.InvariantCulture), null)) : null;
        return Results.Json(new { total, results = page.Select(r => ObjectShaper.Selected(portal, r, request.Properties)), paging });
    }
}
