using System.Text.Json;
using HubSpotSandbox.Behaviour;
using HubSpotSandbox.Errors;
using HubSpotSandbox.Json;
using HubSpotSandbox.Model;
using HubSpotSandbox.Options;
using HubSpotSandbox.Seed;
using HubSpotSandbox.State;
using Microsoft.Extensions.Options;

namespace HubSpotSandbox.Endpoints;

/// <summary>
/// /_sandbox/...: switches and inspection for tests and benchmarks. Not part of HubSpot's surface; unauthenticated
/// because the sandbox only ever binds loopback in development.
/// </summary>
public static class AdminEndpoints
{
    public static void MapAdminEndpoints(this IEndpointRouteBuilder app)
    {
        var admin = app.MapGroup("/_sandbox");
        admin.MapGet("/behaviour", (BehaviourState b) => Results.Json(b.Current));
        admin.MapPost("/behaviour", ChangeBehaviour);
        admin.MapGet("/faults", (FaultPlan f) => Results.Json(f.Current));
        admin.MapPost("/faults", ChangeFaults);
        admin.MapPost("/reset-rate-limits", (RateLimiter limiter) =>
        {
            limiter.Reset();
            return Results.NoContent();
        });
        admin.MapGet("/stats", (SandboxState s) => Results.Json(new { requests = s.UnattributedStats.Requests, statuses = s.UnattributedStats.Statuses }));
        admin.MapGet("/portals", (SandboxState s) => Results.Json(s.Portals.Select(Summary)));
        admin.MapPost("/portals", CreatePortal);

        var portal = admin.MapGroup("/portals/{portalId:long}");
        portal.MapGet("", (long portalId, SandboxState s) => s.Find(portalId) is { } p ? Results.Json(Summary(p)) : NoPortal(portalId));
        portal.MapPost("/revoke-refresh-tokens", (long portalId, SandboxState s, TokenStore t) =>
            s.Find(portalId) is null ? NoPortal(portalId) : Results.Json(new { revoked = t.RevokeRefreshTokensOf(portalId) }));
        portal.MapPost("/revoke-access-tokens", (long portalId, SandboxState s, TokenStore t) =>
            s.Find(portalId) is null ? NoPortal(portalId) : Results.Json(new { revoked = t.RevokeAccessTokensOf(portalId) }));
        portal.MapPost("/expire-access-tokens", (long portalId, SandboxState s, TokenStore t) =>
            s.Find(portalId) is null ? NoPortal(portalId) : Results.Json(new { expired = t.ExpireAccessTokensOf(portalId) }));
        portal.MapGet("/stats", (long portalId, SandboxState s) =>
            s.Find(portalId) is { } p ? Results.Json(new { portalId, requests = p.Stats.Requests, statuses = p.Stats.Statuses }) : NoPortal(portalId));
        portal.MapGet("/rate-limit-log", (long portalId, SandboxState s) =>
            s.Find(portalId) is { } p ? Results.Json(new { portalId, entries = p.RateLimitLog.Entries }) : NoPortal(portalId));
        portal.MapPost("/stats/reset", (long portalId, SandboxState s) =>
        {
            if (s.Find(portalId) is not { } p)
            {
                return NoPortal(portalId);
            }

            p.Stats.Reset();
            p.RateLimitLog.Clear();
            return Results.NoContent();
        });
        portal.MapGet("/objects/{objectType}", (long portalId, string objectType, SandboxState s) =>
            s.Find(portalId) is not { } p ? NoPortal(portalId)
            : CrmObjectType.Find(objectType) is not { } type ? Results.NotFound(new { message = $"Unknown object type {objectType}." })
            : Results.Json(new { total = p.Store.Count(type), results = p.Store.All(type).Select(ObjectShaper.Full) }));
        // The portal's HubSpot users, so a local demo or an end-to-end test can pick a record someone owns.
        portal.MapGet("/owners", (long portalId, SandboxState s) =>
            s.Find(portalId) is not { } p ? NoPortal(portalId) : Results.Json(new { results = p.Owners }));
        portal.MapPost("/seed", Seed);
        // An admin changes a dropdown's choices in HubSpot's settings (clients must notice on their next read).
        portal.MapPut("/properties/{objectType}/{propertyName}/options", PropertyOptionsEndpoint.ReplaceAsync);
    }

    private static async Task<IResult> ChangeBehaviour(HttpContext context, BehaviourState behaviour)
    {
        var (body, error) = await RequestBody.ReadAsync(context);
        if (error is not null)
        {
            return error;
        }

        var current = behaviour.Current;
        var latency = Int(body, "latencyMs") ?? current.LatencyMs;
        var errorRate = body.TryGetProperty("errorRate", out var rate) && rate.ValueKind == JsonValueKind.Number ? rate.GetDouble() : current.ErrorRate;
        var errorStatus = Int(body, "errorStatusCode") ?? current.ErrorStatusCode;
        var force = Int(body, "force429Count") ?? current.Force429Count;
        var policy = RequestBody.Text(body, "force429Policy") ?? current.Force429Policy;
        var failTokens = Int(body, "failTokenRequests") ?? current.FailTokenRequests;
        var enforce = body.TryGetProperty("enforceRateLimits", out var e) && e.ValueKind is JsonValueKind.True or JsonValueKind.False
            ? e.GetBoolean() : current.EnforceRateLimits;
        if (latency is < 0 or > 60_000 || errorRate is < 0 or > 1 || errorStatus is < 500 or > 599 || force < 0 || failTokens < 0
            || policy is not (RateLimitPolicies.TenSecondlyRolling or RateLimitPolicies.Secondly or RateLimitPolicies.Daily))
        {
            return HubSpotErrors.Validation(context,
                "latencyMs 0-60000, errorRate 0-1, errorStatusCode 500-599, force429Count >= 0, failTokenRequests >= 0, force429Policy TEN_SECONDLY_ROLLING|SECONDLY|DAILY.");
        }

        return Results.Json(behaviour.Update(_ => new BehaviourSnapshot(latency, errorRate, errorStatus, force, policy, enforce, failTokens)));
    }

    /// <summary>Replaces the whole fault plan (omitted rates are 0) and restarts its random sequence from the seed.</summary>
    private static async Task<IResult> ChangeFaults(HttpContext context, FaultPlan faults)
    {
        var (body, error) = await RequestBody.ReadAsync(context);
        if (error is not null)
        {
            return error;
        }

        var none = FaultSettings.None;
        var plan = new FaultSettings(Int(body, "seed") ?? 0, Rate(body, "rate429"), Rate(body, "rate5xx"), Rate(body, "rate5xxAfterWrite"),
            Rate(body, "hangRate"), Rate(body, "hangAfterWriteRate"), Rate(body, "slowRate"), Int(body, "hangMs") ?? none.HangMs,
            Int(body, "slowMs") ?? none.SlowMs, Int(body, "errorStatusCode") ?? none.ErrorStatusCode);
        return plan.Problem() is { } problem ? HubSpotErrors.Validation(context, problem) : Results.Json(faults.Set(plan));
    }

    private static double Rate(JsonElement body, string name) =>
        body.ValueKind == JsonValueKind.Object && body.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetDouble() : 0;

    private static async Task<IResult> CreatePortal(HttpContext context, SandboxState state, IOptions<SandboxOptions> options)
    {
        var (body, error) = context.Request.ContentLength is 0 or null && !context.Request.Headers.ContainsKey("Transfer-Encoding")
            ? (JsonDocument.Parse("{}").RootElement.Clone(), null)
            : await RequestBody.ReadAsync(context);
        if (error is not null)
        {
            return error;
        }

        var custom = RequestBody.Text(body, "customProperties") ?? CustomProperties.None;
        if (!CustomProperties.Profiles.Contains(custom))
        {
            return HubSpotErrors.Validation(context, $"customProperties must be one of {string.Join(", ", CustomProperties.Profiles)}.");
        }

        var id = state.NextPortalId();
        var eu = RequestBody.Text(body, "dataHostingLocation") == "eu1";
        var portal = PortalFactory.Create(id, RequestBody.Text(body, "name") ?? $"Test account {id}", $"sandbox-{id}.example.com",
            uiDomain: eu ? "app-eu1.hubspot.com" : "app.hubspot.com", dataHostingLocation: eu ? "eu1" : "na1", customProperties: custom);
        state.Add(portal);
        var contacts = Int(body, "contacts") ?? 0;
        DemoData.Seed(portal, contacts, Int(body, "deals") ?? contacts / 2, options.Value.Seed.RandomSeed);
        return Results.Json(Summary(portal), statusCode: StatusCodes.Status201Created);
    }

    private static async Task<IResult> Seed(HttpContext context, long portalId, SandboxState state, TimeProvider time)
    {
        if (state.Find(portalId) is not { } portal)
        {
            return NoPortal(portalId);
        }

        var (body, error) = await RequestBody.ReadAsync(context);
        if (error is not null)
        {
            return error;
        }

        // Bulk filler for paging and cap tests: numbered contacts with a shared tag in "company".
        var count = Int(body, "contacts") ?? 0;
        var tag = RequestBody.Text(body, "company") ?? "Bulk Seed Ltd";
        var prefix = RequestBody.Text(body, "emailPrefix") ?? $"bulk{portal.Store.Count(CrmObjectType.Contacts)}";
        for (var i = 0; i < count; i++)
        {
            portal.Store.Create(CrmObjectType.Contacts, new Dictionary<string, string>
            {
                ["firstname"] = "Bulk",
                ["lastname"] = $"Contact {i:00000}",
                ["email"] = $"{prefix}.{i}@bulk.example",
                ["company"] = tag,
            }, [], time.GetUtcNow());
        }

        return Results.Json(Summary(portal));
    }

    private static object Summary(Portal p) => new
    {
        portalId = p.Id,
        name = p.Name,
        hubDomain = p.HubDomain,
        uiDomain = p.UiDomain,
        dataHostingLocation = p.DataHostingLocation,
        isDemo = p.IsDemo,
        counts = CrmObjectType.All.ToDictionary(t => t.Name, p.Store.Count),
    };

    private static IResult NoPortal(long portalId) => Results.NotFound(new { message = $"No portal {portalId}." });

    private static int? Int(JsonElement body, string name) =>
        body.ValueKind == JsonValueKind.Object && body.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var n) ? n : null;
}
