using HubSpotSandbox.Behaviour;
using HubSpotSandbox.Errors;

namespace HubSpotSandbox.Endpoints;

/// <summary>GET /crm/pipelines/{version}/deals, /deals/{pipelineId} and /deals/{pipelineId}/stages.</summary>
public static class PipelinesEndpoints
{
    // Reading pipelines accepts any of several scopes (docs/hubspot-api.md, "Scopes").
    private static readonly string[] Scopes = ["crm.objects.deals.read", "crm.objects.deals.write", "crm.objects.contacts.read", "crm.schemas.deals.read"];

    public static void MapPipelinesEndpoints(this IEndpointRouteBuilder app, string version)
    {
        var group = app.MapGroup($"/crm/pipelines/{version}/{{objectType}}");
        group.MapGet("", (HttpContext context, string objectType) =>
            IsDeals(objectType) ? Results.Json(new { results = PortalContext.Of(context).Portal.Pipelines }) : Unsupported(context, objectType))
            .Api("pipelines", Scopes);
        group.MapGet("/{pipelineId}", (HttpContext context, string objectType, string pipelineId) =>
            !IsDeals(objectType) ? Unsupported(context, objectType)
            : PortalContext.Of(context).Portal.Pipeline(pipelineId) is { } pipeline ? Results.Json(pipeline)
            : HubSpotErrors.NotFound(context, $"Pipeline {pipelineId} not found."))
            .Api("pipelines", Scopes);
        group.MapGet("/{pipelineId}/stages", (HttpContext context, string objectType, string pipelineId) =>
            !IsDeals(objectType) ? Unsupported(context, objectType)
            : PortalContext.Of(context).Portal.Pipeline(pipelineId) is { } pipeline ? Results.Json(new { results = pipeline.Stages })
            : HubSpotErrors.NotFound(context, $"Pipeline {pipelineId} not found."))
            .Api("pipelines", Scopes);
    }

    private static bool IsDeals(string objectType) => objectType is "deals" or "0-3";

    private static IResult Unsupported(HttpContext context, string objectType) =>
        HubSpotErrors.Validation(context, $"The sandbox serves deal pipelines only, not \"{objectType}\".");
}
