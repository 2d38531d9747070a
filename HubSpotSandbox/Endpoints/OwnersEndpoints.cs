using System.Globalization;
using HubSpotSandbox.Behaviour;
using HubSpotSandbox.Errors;
using HubSpotSandbox.Json;

namespace HubSpotSandbox.Endpoints;

/// <summary>GET /crm/owners/{version} (?email, limit, after, archived) and /{ownerId} (?idProperty=id|userId).</summary>
public static class OwnersEndpoints
{
    private const string Scope = "crm.objects.owners.read";

    public static void MapOwnersEndpoints(this IEndpointRouteBuilder app, string version)
    {
        app.MapGet($"/crm/owners/{version}", List).Api("owners", Scope, "automation");
        app.MapGet($"/crm/owners/{version}/{{ownerId}}", Get).Api("owners", Scope, "automation");
    }

    private static IResult List(HttpContext context)
    {
        var portal = PortalContext.Of(context).Portal;
        var query = context.Request.Query;
        var archived = query["archived"].ToString() == "true";
        var email = query["email"].ToString();
        if (!int.TryParse(query["limit"].FirstOrDefault() ?? "100", NumberStyles.None, CultureInfo.InvariantCulture, out var limit) || limit is < 1 or > 500)
        {
            return HubSpotErrors.Validation(context, "limit must be a number between 1 and 500.");
        }

        var offset = 0;
        if (query["after"].FirstOrDefault() is { } after && !int.TryParse(after, NumberStyles.None, CultureInfo.InvariantCulture, out offset))
        {
            return HubSpotErrors.Validation(context, $"after \"{after}\" is not a valid paging cursor.");
        }

        var matching = portal.Owners.Where(o => o.Archived == archived
            && (email.Length == 0 || string.Equals(o.Email, email, StringComparison.OrdinalIgnoreCase))).ToList();
        var page = matching.Skip(offset).Take(limit).ToList();
        var next = offset + page.Count;
        Paging? paging = next < matching.Count
            ? new Paging(new PagingNext(next.ToString(CultureInfo.InvariantCulture), null))
            : null;
        return Results.Json(new { results = page, paging });
    }

    private static IResult Get(HttpContext context, string ownerId)
    {
        var portal = PortalContext.Of(context).Portal;
        var byUserId = context.Request.Query["idProperty"].ToString() == "userId";
        var archived = context.Request.Query["archived"].ToString() == "true";
        var owner = portal.Owners.FirstOrDefault(o => (byUserId ? o.UserId.ToString(CultureInfo.InvariantCulture) : o.Id) == ownerId && o.Archived == archived);
        return owner is null ? HubSpotErrors.NotFound(context, $"Owner {ownerId} not found.") : Results.Json(owner);
    }
}
