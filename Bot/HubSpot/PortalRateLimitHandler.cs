namespace HubSpotTeamsBot.HubSpot;

/// <summary>
/// Sits below the resilience handler so that every attempt, retries included, takes a slot from the portal's limiter:
/// what reaches HubSpot never exceeds the configured rate.
/// </summary>
internal sealed class PortalRateLimitHandler(PortalRateLimiter limiter) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (!request.Options.TryGetValue(HubSpotRequestOptions.PortalId, out var portalId))
            return await base.SendAsync(request, cancellationToken);

        var isSearch = request.Options.TryGetValue(HubSpotRequestOptions.IsSearch, out var search) && search;
        // Held until HubSpot's answer (its headers) is here: see PortalRateLimiter.
        using var slot = await limiter.AcquireAsync(portalId, isSearch, cancellationToken);
        return await base.SendAsync(request, cancellationToken);
    }
}
