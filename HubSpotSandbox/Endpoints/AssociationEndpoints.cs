using System.Globalization;
using System.Text.Json;
using HubSpotSandbox.Behaviour;
using HubSpotSandbox.Errors;
using HubSpotSandbox.Json;
using HubSpotSandbox.Model;
using HubSpotSandbox.State;

namespace HubSpotSandbox.Endpoints;

/// <summary>Associations after creation, in the 2026-03 (v4-shaped) form: default and labelled PUT, list, remove.</summary>
public static class AssociationEndpoints
{
    public static void MapAssociationEndpoints(this IEndpointRouteBuilder app, string version)
    {
        var group = app.MapGroup($"/crm/objects/{version}/{{objectType}}/{{id}}/associations");
        group.MapPut("/default/{toObjectType}/{toId}", PutDefault).Api("crm.associations", c => CrmHelpers.AssociationScopes(c, write: true));
        group.MapPut("/{toObjectType}/{toId}", PutLabelled).Api("crm.associations", c => CrmHelpers.AssociationScopes(c, write: true));
        group.MapGet("/{toObjectType}", List).Api("crm.associations", c => CrmHelpers.AssociationScopes(c, write: false));
        group.MapDelete("/{toObjectType}/{toId}", Remove).Api("crm.associations", c => CrmHelpers.AssociationScopes(c, write: true));
    }

    private static IResult PutDefault(HttpContext context, string objectType, string id, string toObjectType, string toId, TimeProvider time)
    {
        var (from, to, fromId, targetId, error) = Resolve(context, objectType, id, toObjectType, toId);
        if (error is not null)
        {
            return error;
        }

        var association = AssociationTypes.Default(from!.Singular, to!.Singular);
        if (association is null)
        {
            return HubSpotErrors.Validation(context, $"There is no default association from {from.Name} to {to.Name}.");
        }

        var portal = PortalContext.Of(context).Portal;
        var result = portal.Store.Associate(from, fromId, association, targetId, time.GetUtcNow());
        if (result.Record is null)
        {
            return HubSpotErrors.NotFound(context, $"{result.Detail} not found.");
        }

        var now = time.GetUtcNow();
        return Results.Json(new
        {
            status = "COMPLETE",
            results = new[]
            {
                Pair(fromId, targetId, association.Id),
                Pair(targetId, fromId, association.ReverseId),
            },
            startedAt = now,
            completedAt = now,
        });
    }

    private static async Task<IResult> PutLabelled(HttpContext context, string objectType, string id, string toObjectType, string toId, TimeProvider time)
    {
        var (from, to, fromId, targetId, error) = Resolve(context, objectType, id, toObjectType, toId);
        if (error is not null)
        {
            return error;
        }

        var (body, bodyError) = await RequestBody.ReadAsync(context, JsonValueKind.Array);
        if (bodyError is not null)
        {
            return bodyError;
        }

        var types = new List<AssociationType>();
        foreach (var spec in body.EnumerateArray())
        {
            var (association, problem) = AssociationSpec.Read(spec, from!, to);
            if (problem is not null)
            {
                return HubSpotErrors.Validation(context, problem);
            }

            types.Add(association!);
        }

        if (types.Count == 0)
        {
            return HubSpotErrors.Validation(context, "The body must list at least one {associationCategory, associationTypeId}.");
        }

        var portal = PortalContext.Of(context).Portal;
        foreach (var association in types)
        {
            var result = portal.Store.Associate(from!, fromId, association, targetId, time.GetUtcNow());
            if (result.Record is null)
            {
                return HubSpotErrors.NotFound(context, $"{result.Detail} not found.");
            }
        }

        return Results.Json(new
        {
            fromObjectTypeId = from!.TypeId,
            fromObjectId = fromId,
            toObjectTypeId = to!.TypeId,
            toObjectId = targetId,
            labels = Array.Empty<string>(),
        }, statusCode: StatusCodes.Status201Created);
    }

    private static IResult List(HttpContext context, string objectType, string id, string toObjectType)
    {
        var (from, to, fromId, _, error) = Resolve(context, objectType, id, toObjectType, "0");
        if (error is not null)
        {
            return error;
        }

        var record = PortalContext.Of(context).Portal.Store.Get(from!, fromId);
        if (record is null)
        {
            return HubSpotErrors.NotFound(context);
        }

        var results = record.Associations.Where(a => a.ToType == to!.Singular).GroupBy(a => a.ToId)
            .Select(g => new
            {
                toObjectId = g.Key,
                associationTypes = g.Select(a => new { category = AssociationTypes.HubSpotDefined, typeId = a.TypeId, label = (string?)null }),
            });
        return Results.Json(new { results });
    }

    private static IResult Remove(HttpContext context, string objectType, string id, string toObjectType, string toId)
    {
        var (from, to, fromId, targetId, error) = Resolve(context, objectType, id, toObjectType, toId);
        if (error is not null)
        {
            return error;
        }

        PortalContext.Of(context).Portal.Store.Disassociate(from!, fromId, to!, targetId);
        return Results.NoContent();
    }

    private static object Pair(long from, long to, int typeId) => new
    {
        from = new { id = from.ToString(CultureInfo.InvariantCulture) },
        to = new { id = to.ToString(CultureInfo.InvariantCulture) },
        associationSpec = new { associationCategory = AssociationTypes.HubSpotDefined, associationTypeId = typeId },
    };

    private static (CrmObjectType?, CrmObjectType?, long, long, IResult?) Resolve(HttpContext context, string objectType, string id, string toObjectType, string toId)
    {
        var from = CrmObjectType.Find(objectType);
        var to = CrmObjectType.Find(toObjectType);
        if (from is null || to is null)
        {
            return (null, null, 0, 0, CrmHelpers.UnknownType(context, from is null ? objectType : toObjectType));
        }

        if (!long.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var fromId)
            || !long.TryParse(toId, NumberStyles.None, CultureInfo.InvariantCulture, out var targetId))
        {
            return (null, null, 0, 0, HubSpotErrors.NotFound(context, "Object not found.  objectId are usually numeric."));
        }

        return (from, to, fromId, targetId, null);
    }
}
