using HubSpotSandbox.Behaviour;
using HubSpotSandbox.Errors;
using HubSpotSandbox.Model;

namespace HubSpotSandbox.Endpoints;

/// <summary>GET /crm/properties/{version}/{objectType} and /{objectType}/{propertyName} (docs/hubspot-api.md, "Properties").</summary>
public static class PropertiesEndpoints
{
    public static void MapPropertiesEndpoints(this IEndpointRouteBuilder app, string version)
    {
        var group = app.MapGroup($"/crm/properties/{version}/{{objectType}}");
        group.MapGet("", (HttpContext context, string objectType) =>
        {
            if (CrmObjectType.Find(objectType) is not { } type)
            {
                return CrmHelpers.UnknownType(context, objectType);
            }

            var archived = context.Request.Query["archived"].ToString() == "true";
            return Results.Json(new { results = PortalContext.Of(context).Portal.Properties[type.Name].Where(p => p.Archived == archived) });
        }).Api("properties", Scopes);
        group.MapGet("/{propertyName}", (HttpContext context, string objectType, string propertyName) =>
            CrmObjectType.Find(objectType) is not { } type ? CrmHelpers.UnknownType(context, objectType)
            : PortalContext.Of(context).Portal.Property(type, propertyName) is { } property ? Results.Json(property)
            : HubSpotErrors.NotFound(context, $"Unable to find property {propertyName} for object type {type.TypeId}."))
            .Api("properties", Scopes);
    }

    private static IReadOnlyList<IReadOnlyList<string>> Scopes(HttpContext context)
    {
        var type = CrmHelpers.TypeOf(context);
        if (type is null)
        {
            return [];
        }

        var schema = type.IsActivity ? "crm.schemas.contacts.read" : $"crm.schemas.{type.Name}.read";
        return [[type.ReadScope, type.WriteScope, schema]];
    }
}
