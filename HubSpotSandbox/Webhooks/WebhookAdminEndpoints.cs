using System.Globalization;
using System.Text.Json;
using HubSpotSandbox.Endpoints;
using HubSpotSandbox.Errors;
using HubSpotSandbox.Json;
using HubSpotSandbox.Model;
using HubSpotSandbox.State;
using HubSpotSandbox.Writes;

namespace HubSpotSandbox.Webhooks;

/// <summary>
/// /_sandbox/webhooks: the webhook target, signing secret, batching and fault plan at run time, and the log of
/// deliveries; /_sandbox/portals/{portalId}/changes: a change made "in HubSpot's UI" (changeSource CRM_UI), which is
/// how tests and the local demo move a deal's stage without going through the bot.
/// </summary>
public static class WebhookAdminEndpoints
{
    public static void MapWebhookAdminEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/_sandbox/webhooks", (WebhookSender sender) => Results.Json(Describe(sender)));
        app.MapPost("/_sandbox/webhooks", Configure);
        app.MapGet("/_sandbox/webhooks/deliveries", (WebhookSender sender) => Results.Json(new { outstanding = sender.Outstanding, deliveries = sender.Deliveries }));
        app.MapDelete("/_sandbox/webhooks/deliveries", (WebhookSender sender) =>
        {
            sender.ClearDeliveries();
            return Results.NoContent();
        });
        app.MapPost("/_sandbox/portals/{portalId:long}/changes", Change);
    }

    private static object Describe(WebhookSender sender)
    {
        var s = sender.Settings;
        return new
        {
            targetUrl = s.TargetUrl,
            clientSecretSet = !string.IsNullOrEmpty(s.ClientSecret),
            s.MaxBatchSize,
            s.BatchWindowMs,
            s.MaxAttempts,
            s.RetryDelayMs,
            s.MaxConcurrentRequests,
            faults = s.Faults,
            outstanding = sender.Outstanding,
        };
    }

    /// <summary>Changes the given fields; a "faults" object replaces the whole fault plan (omitted rates are 0).</summary>
    private static async Task<IResult> Configure(HttpContext context, WebhookSender sender)
    {
        var (body, error) = await RequestBody.ReadAsync(context);
        if (error is not null) return error;
        var current = sender.Settings;
        var next = new WebhookSettings
        {
            TargetUrl = body.TryGetProperty("targetUrl", out _) ? RequestBody.Text(body, "targetUrl") : current.TargetUrl,
            ClientSecret = body.TryGetProperty("clientSecret", out _) ? RequestBody.Text(body, "clientSecret") : current.ClientSecret,
            MaxBatchSize = Int(body, "maxBatchSize") ?? current.MaxBatchSize,
            BatchWindowMs = Int(body, "batchWindowMs") ?? current.BatchWindowMs,
            MaxAttempts = Int(body, "maxAttempts") ?? current.MaxAttempts,
            RetryDelayMs = Int(body, "retryDelayMs") ?? current.RetryDelayMs,
            MaxConcurrentRequests = Int(body, "maxConcurrentRequests") ?? current.MaxConcurrentRequests,
            Faults = body.TryGetProperty("faults", out var f) && f.ValueKind == JsonValueKind.Object
                ? new WebhookFaults
                {
                    Seed = Int(f, "seed") ?? 0,
                    DuplicateRate = Rate(f, "duplicateRate"),
                    ReorderRate = Rate(f, "reorderRate"),
                    RetryRate = Rate(f, "retryRate"),
                    DelayRate = Rate(f, "delayRate"),
                    DelayMs = Int(f, "delayMs") ?? 1000,
                }
                : current.Faults,
        };
        if (next.Problem() is { } problem) return HubSpotErrors.Validation(context, problem);
        sender.Configure(next);
        return Results.Json(Describe(sender));
    }

    /// <summary>
    /// <c>{"objectType":"deals","objectId":123,"properties":{"dealstage":"contractsent"}}</c> updates a record as a
    /// HubSpot user would in the UI; without objectId it creates one; <c>"delete":true</c> deletes it. The change is
    /// attributed to <c>userId</c> (default: the portal's super admin).
    /// </summary>
    private static async Task<IResult> Change(HttpContext context, long portalId, SandboxState state, CrmWriter writer)
    {
        if (state.Find(portalId) is not { } portal) return Results.NotFound(new { message = $"No portal {portalId}." });
        var (body, error) = await RequestBody.ReadAsync(context);
        if (error is not null) return error;
        if (CrmObjectType.Find(RequestBody.Text(body, "objectType")) is not { } type)
            return HubSpotErrors.Validation(context, "objectType must be a CRM object type such as deals, contacts or tasks.");
        var userId = long.TryParse(RequestBody.Text(body, "userId"), NumberStyles.None, CultureInfo.InvariantCulture, out var given) ? given : portal.Admin.UserId;
        var source = ChangeSource.CrmUi(userId);
        var (properties, problem) = RequestBody.Properties(body);
        if (problem is not null) return HubSpotErrors.Validation(context, problem);

        var idText = RequestBody.Text(body, "objectId");
        if (idText is null)
        {
            return CrmHelpers.Result(context, writer.Create(portal, type, properties, [], source), StatusCodes.Status201Created);
        }
        if (!long.TryParse(idText, NumberStyles.None, CultureInfo.InvariantCulture, out var id))
            return HubSpotErrors.Validation(context, "objectId must be a record id.");
        if (body.TryGetProperty("delete", out var delete) && delete.ValueKind == JsonValueKind.True)
        {
            return writer.Archive(portal, type, id, source) ? Results.NoContent() : HubSpotErrors.NotFound(context);
        }
        return CrmHelpers.Result(context, writer.Update(portal, type, id, properties, source), StatusCodes.Status200OK);
    }

    private static int? Int(JsonElement body, string name) =>
        body.ValueKind == JsonValueKind.Object && body.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var n) ? n : null;

    private static double Rate(JsonElement body, string name) =>
        body.ValueKind == JsonValueKind.Object && body.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetDouble() : 0;
}
