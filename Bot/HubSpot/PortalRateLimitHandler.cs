using System.Diagnostics;
using HubSpotTeamsBot.Telemetry;

namespace HubSpotTeamsBot.HubSpot;

/// <summary>
/// Sits below the resilience handler so that every attempt, retries included, takes a slot from the portal's limiter:
/// what reaches HubSpot never exceeds the configured rate.
/// </summary>
internal sealed class PortalRateLimitHandler(PortalRateLimiter limiter) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        // Each attempt reports its limiter wait and a 429 to the call's telemetry (HubSpotCallTelemetry, above the retries).
        var call = HubSpotCallTelemetry.Current;
        if (!request.Options.TryGetValue(HubSpotRequestOptions.PortalId, out var portalId))
        {
            call?.RecordAttempt(TimeSpan.Zero);
            return Observed(await base.SendAsync(request, cancellationToken));
        }

        var isSearch = request.Options.TryGetValue(HubSpotRequestOptions.IsSearch, out var search) && search;
        var waitStarted = Stopwatch.GetTimestamp();
        // Held until HubSpot's answer (its headers) is here: see PortalRateLimiter.
        using var slot = await limiter.AcquireAsync(portalId, isSearch, cancellationToken);
        call?.RecordAttempt(Stopwatch.GetElapsedTime(waitStarted));
        try
        {
            return Observed(await base.SendAsync(request, cancellationToken));
        }
        catch
        {
            // Timed out or the connection failed: HubSpot may still receive and count the request.
            slot.Unanswered();
            throw;
        }
    }

    private static HttpResponseMessage Observed(HttpResponseMessage response)
    {
        HubSpotCallTelemetry.RecordAttemptStatus(response.StatusCode);
        return response;
    }
}
