using System.Globalization;
using System.Text.Json;
using HubSpotSandbox.Behaviour;
using HubSpotSandbox.Errors;
using HubSpotSandbox.Json;
using HubSpotSandbox.Model;
using HubSpotSandbox.State;
using HubSpotSandbox.Writes;

namespace HubSpotSandbox.Endpoints;

/// <summary>Create, read, list, update and archive of CRM objects: /crm/objects/{version}/{objectType}.</summary>
public static class ObjectEndpoints
{
    public static void MapObjectEndpoints(this IEndpointRouteBuilder app, string version)
    {
        var group = app.MapGroup($"/crm/objects/{version}/{{objectType}}");
        group.MapPost("", Create).Api("crm.create", CrmHelpers.WriteScopes);
        group.MapGet("", List).Api("crm.list", CrmHelpers.ReadScopes);
        group.MapGet("/{id}", Get).Api("crm.read", CrmHelpers.ReadScopes);
        group.MapPatch("/{id}", Update).Api("crm.update", CrmHelpers.WriteScopes);
        group.MapDelete("/{id}", Archive).Api("crm.archive", CrmHelpers.WriteScopes);
    }

    private static async Task<IResult> Create(HttpContext context, string objectType, CrmWriter writer)
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

        var (properties, problem) = RequestBody.Properties(body);
        if (problem is not null)
        {
            return HubSpotErrors.Validation(context, problem);
        }

        var (associations, associationError) = ReadAssociations(context, type, body);
        return associationError ?? CrmHelpers.Result(context, writer.Create(portal, type, properties, associations), StatusCodes.Status201Created);
    }

    private static IResult Get(HttpContext context, string objectType, string id)
    {
        var portal = PortalContext.Of(context).Portal;
        if (CrmObjectType.Find(objectType) is not { } type)
        {
            return CrmHelpers.UnknownType(context, objectType);
        }

        var (record, error) = CrmHelpers.Find(context, portal, type, id);
        return error ?? Results.Json(ObjectShaper.Selected(portal, record!,
            ObjectShaper.ListParameter(context.Request, "properties"), ObjectShaper.ListParameter(context.Request, "associations")));
    }

    private static IResult List(HttpContext context, string objectType)
    {
        var portal = PortalContext.Of(context).Portal;
        if (CrmObjectType.Find(objectType) is not { } type)
        {
            return CrmHelpers.UnknownType(context, objectType);
        }

        var limitText = context.Request.Query["limit"].ToString();
        var limit = 10;
        if (limitText.Length > 0 && (!int.TryParse(limitText, NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit is < 1 or > 100))
        {
            return HubSpotErrors.Validation(context, "limit must be a number between 1 and 100.");
        }

        var afterText = context.Request.Query["after"].ToString();
        var after = 0L;
        if (afterText.Length > 0 && !long.TryParse(afterText, NumberStyles.None, CultureInfo.InvariantCulture, out after))
        {
            return HubSpotErrors.Validation(context, $"after \"{afterText}\" is not a valid paging cursor.");
        }

        var archived = context.Request.Query["archived"].ToString() == "true";
        var page = portal.Store.All(type, archived).Where(r => r.Id > after).Take(limit + 1).ToList();
        var properties = ObjectShaper.ListParameter(context.Request, "properties");
        var associations = ObjectShaper.ListParameter(context.Request, "associations");
        var results = page.Take(limit).Select(r => ObjectShaper.Selected(portal, r, properties, associations)).ToList();
        Paging? paging = null;
        if (page.Count > limit)
        {
            var next = page[limit - 1].Id.ToString(CultureInfo.InvariantCulture);
            paging = new Paging(new PagingNext(next, $"{context.Request.Path}?after={next}"));
        }

        return Results.Json(new { results, paging });
    }

    private static async Task<IResult> Update(HttpContext context, string objectType, string id, CrmWriter writer)
    {
        var portal = PortalContext.Of(context).Portal;
        if (CrmObjectType.Find(objectType) is not { } type)
        {
            return CrmHelpers.UnknownType(context, objectType);
        }

        var (record, findError) = CrmHelpers.Find(context, portal, type, id);
        if (findError is not null)
        {
            return findError;
        }

        var (body, error) = await RequestBody.ReadAsync(context);
        if (error is not null)
        {
            return error;
        }

        var (properties, problem) = RequestBody.Properties(body);
        if (problem is not null)
        {
            return HubSpotErrors.Validation(context, problem);
        }

        return CrmHelpers.Result(context, writer.Update(portal, type, record!.Id, properties), StatusCodes.Status200OK);
    }

    private static IResult Archive(HttpContext context, string objectType, string id, CrmWriter writer)
    {
        var portal = PortalContext.Of(context).Portal;
        if (CrmObjectType.Find(objectType) is not { } type)
        {
            return CrmHelpers.UnknownType(context, objectType);
        }

        // HubSpot answers 204 whether or not the record existed.
        if (long.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var numeric))
        {
            writer.Archive(portal, type, numeric);
        }

        return Results.NoContent();
    }

    /// <summary>Reads associations[] of a create body: {to:{id}, types:[{associationCategory, associationTypeId}]}.</summary>
    private static (List<AssociationRequest>, IResult?) ReadAssociations(HttpContext context, CrmObjectType type, JsonElement body)
    {
        var list = new List<AssociationRequest>();
        if (!body.TryGetProperty("associations", out var associations) || associations.ValueKind == JsonValueKind.Null)
        {
            return (list, null);
        }

        if (associations.ValueKind != JsonValueKind.Array)
        {
            return (list, HubSpotErrors.Validation(context, "\"associations\" must be an array."));
        }

        foreach (var item in associations.EnumerateArray())
        {
            var toId = item.ValueKind == JsonValueKind.Object && item.TryGetProperty("to", out var to) ? RequestBody.Text(to, "id") : null;
            if (!long.TryParse(toId, NumberStyles.None, CultureInfo.InvariantCulture, out var target))
            {
                return (list, HubSpotErrors.Validation(context, "Each association needs to.id with a numeric record id."));
            }

            if (!item.TryGetProperty("types", out var types) || types.ValueKind != JsonValueKind.Array || types.GetArrayLength() == 0)
            {
                return (list, HubSpotErrors.Validation(context, "Each association needs at least one entry in types[]."));
            }

            foreach (var spec in types.EnumerateArray())
            {
                var (association, problem) = AssociationSpec.Read(spec, type);
                if (problem is not null)
                {
                    return (list, HubSpotErrors.Validation(context, problem,
                        [new HubSpotErrorDetail { Message = problem, Code = "INVALID_ASSOCIATION", In = "associations" }]));
                }

                list.Add(new AssociationRequest(target, association!));
            }
        }

        return (list, null);
    }
}
