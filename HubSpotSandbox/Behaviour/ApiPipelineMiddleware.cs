using System.Globalization;
using HubSpotSandbox.Errors;
using HubSpotSandbox.State;

namespace HubSpotSandbox.Behaviour;

/// <summary>
/// What HubSpot does before an API handler runs, in order: latency, bearer authentication (401), stats,
/// forced 429s and injected errors, rate limits (429 + headers), scopes (403), then the seeded fault plan.
/// </summary>
public sealed class ApiPipelineMiddleware(RequestDelegate next, BehaviourState behaviour, RateLimiter limiter,
    SandboxState state, TokenStore tokens, TimeProvider time, FaultPlan faults, ILogger<ApiPipelineMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var endpoint = context.GetEndpoint();
        var api = endpoint?.Metadata.GetMetadata<ApiCall>();
        var oauth = endpoint?.Metadata.GetMetadata<OAuthCall>();
        if (api is null && oauth is null)
        {
            await next(context);
            return;
        }

        var settings = behaviour.Current;
        if (settings.LatencyMs > 0)
        {
            // Wall-clock delay on purpose: latency is what a caller experiences, even when tests replace the sandbox clock.
            await Task.Delay(TimeSpan.FromMilliseconds(settings.LatencyMs), context.RequestAborted);
        }

        if (api is null)
        {
            if (behaviour.TakeTokenFailure())
            {
                state.UnattributedStats.CountRequest($"{oauth!.Kind}:injected-failure");
                await HubSpotErrors.InjectedFailure(context, settings.ErrorStatusCode).ExecuteAsync(context);
                return;
            }

            await next(context);
            return;
        }

        var (portalContext, failure) = Authenticate(context);
        if (portalContext is null)
        {
            state.UnattributedStats.CountRequest(api.Kind);
            state.UnattributedStats.CountStatus(StatusCodes.Status401Unauthorized);
            await failure!.ExecuteAsync(context);
            return;
        }

        portalContext.Attach(context);
        var stats = portalContext.Portal.Stats;
        stats.CountRequest(api.Kind);
        context.Response.OnCompleted(() =>
        {
            stats.CountStatus(context.Response.StatusCode);
            return Task.CompletedTask;
        });

        var refusal = Refuse(context, api, portalContext, settings);
        if (refusal is not null)
        {
            await refusal.ExecuteAsync(context);
            return;
        }

        await FaultInjection.RunAsync(context, faults, api, next);
    }

    private (PortalContext?, IResult?) Authenticate(HttpContext context)
    {
        var header = context.Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) || header.Length <= 7)
        {
            return (null, HubSpotErrors.MissingAuthentication(context));
        }

        var token = tokens.FindAccess(header[7..].Trim());
        if (token is null || token.Revoked || state.Find(token.Grant.PortalId) is not { } portal)
        {
            return (null, HubSpotErrors.InvalidAuthentication(context));
        }

        var now = time.GetUtcNow();
        return token.ExpiresAt <= now
            ? (null, HubSpotErrors.ExpiredAuthentication(context, now - token.ExpiresAt))
            : (new PortalContext(portal, token), null);
    }

    private IResult? Refuse(HttpContext context, ApiCall api, PortalContext portalContext, BehaviourSnapshot settings)
    {
        if (behaviour.TakeForced429() is { } policy)
        {
            logger.LogInformation("Forced 429 ({Policy}) on {Kind} for portal {PortalId}", policy, api.Kind, portalContext.Portal.Id);
            return HubSpotErrors.RateLimited(context, policy);
        }

        if (settings.ErrorRate > 0 && Random.Shared.NextDouble() < settings.ErrorRate)
        {
            return HubSpotErrors.InjectedFailure(context, settings.ErrorStatusCode);
        }

        var (admitted, remaining) = limiter.Acquire(portalContext.Portal.Id, api.IsSearch, settings.EnforceRateLimits);
        portalContext.Portal.RateLimitLog.Add(new RateLimitEntry(time.GetUtcNow(), api.Kind, api.IsSearch ? "search" : "burst", admitted,
            context.Request.Headers.UserAgent.ToString()));
        if (!api.IsSearch)
        {
            // Search responses carry no rate-limit headers (docs/hubspot-api.md, "Search"); everything else does.
            var headers = context.Response.Headers;
            headers["X-HubSpot-RateLimit-Max"] = limiter.BurstMax.ToString(CultureInfo.InvariantCulture);
            headers["X-HubSpot-RateLimit-Remaining"] = remaining.ToString(CultureInfo.InvariantCulture);
            headers["X-HubSpot-RateLimit-Interval-Milliseconds"] = RateLimiter.BurstIntervalMs.ToString(CultureInfo.InvariantCulture);
        }

        if (!admitted)
        {
            return HubSpotErrors.RateLimited(context, api.IsSearch ? RateLimitPolicies.Secondly : RateLimitPolicies.TenSecondlyRolling);
        }

        var granted = portalContext.Token.Grant.Scopes;
        var missing = api.RequiredScopes(context).FirstOrDefault(group => !group.Any(s => granted.Contains(s, StringComparer.Ordinal)));
        return missing is null ? null : HubSpotErrors.MissingScopes(context, missing);
    }
}
