using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.Extensions.Logging;
using Polly.Timeout;

namespace HubSpotTeamsBot.HubSpot;

/// <summary>
/// Sends one HubSpot request through the named client (resilience + per-portal limiter), maps failures to typed
/// exceptions and logs outcomes with HubSpot's correlation id. Only the operation name is logged: paths can hold
/// emails and bodies can hold secrets.
/// </summary>
internal sealed class HubSpotHttp(IHttpClientFactory clients, ILogger<HubSpotHttp> logger)
{
    public const string ClientName = "HubSpot";

    public async Task<T> SendAsync<T>(HubSpotCall call, CancellationToken ct)
    {
        using var response = await SendCoreAsync(call, ct);
        var result = await response.Content.ReadFromJsonAsync<T>(HubSpotJson.Options, ct);
        return result ?? throw new HubSpotException($"HubSpot answered {call.Operation} with an empty body.", (int)response.StatusCode, null, HubSpotErrors.HeaderCorrelationId(response));
    }

    public async Task SendAsync(HubSpotCall call, CancellationToken ct)
    {
        using var response = await SendCoreAsync(call, ct);
    }

    private async Task<HttpResponseMessage> SendCoreAsync(HubSpotCall call, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(call.Method, call.Path) { Content = call.Content };
        if (call.AccessToken is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", call.AccessToken);
        }

        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        if (call.PortalId is { } portalId)
        {
            request.Options.Set(HubSpotRequestOptions.PortalId, portalId);
        }

        request.Options.Set(HubSpotRequestOptions.IsSearch, call.IsSearch);
        if (call.RetrySafe is { } retrySafe)
        {
            request.Options.Set(HubSpotRequestOptions.RetrySafe, retrySafe);
        }

        var started = Stopwatch.GetTimestamp();
        HttpResponseMessage response;
        try
        {
            response = await clients.CreateClient(ClientName).SendAsync(request, HttpCompletionOption.ResponseContentRead, ct);
        }
        catch (TimeoutRejectedException timeout)
        {
            logger.LogWarning("HubSpot {Operation} timed out after {ElapsedMs} ms", call.Operation, Elapsed(started));
            throw new HubSpotUnavailableException($"HubSpot did not answer {call.Operation} in time.", 0, "TIMEOUT", null, null, timeout)
            {
                MayHaveApplied = call.IsWrite,
            };
        }
        catch (HttpRequestException failure)
        {
            logger.LogWarning("HubSpot {Operation} could not be sent: {Error}", call.Operation, failure.HttpRequestError);
            throw new HubSpotUnavailableException($"HubSpot could not be reached for {call.Operation}.", 0, "UNREACHABLE", null, null, failure)
            {
                // A connection that never opened carried nothing; one lost midway may have delivered the write.
                MayHaveApplied = call.IsWrite && failure.HttpRequestError is not (HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError or HttpRequestError.SecureConnectionError),
            };
        }
        catch (HubSpotRateLimitedException limited)
        {
            logger.LogWarning("HubSpot {Operation} held back by the portal rate limiter ({Policy})", call.Operation, limited.PolicyName);
            throw;
        }

        if (response.IsSuccessStatusCode)
        {
            logger.LogDebug("HubSpot {Operation} answered {StatusCode} in {ElapsedMs} ms (correlation {CorrelationId})",
                call.Operation, (int)response.StatusCode, Elapsed(started), HubSpotErrors.HeaderCorrelationId(response));
            return response;
        }

        using (response)
        {
            var error = await HubSpotErrors.FromResponseAsync(response, ct);
            var level = error.StatusCode >= 500 || error is HubSpotRateLimitedException or HubSpotAuthException ? LogLevel.Warning : LogLevel.Information;
            logger.Log(level, "HubSpot {Operation} failed with {StatusCode} {Category} {ErrorType} (correlation {CorrelationId})",
                call.Operation, error.StatusCode, error.Category, error.GetType().Name, error.CorrelationId);
            if (error is HubSpotUnavailableException { StatusCode: >= 500 } unavailable)
            {
                // A 5xx on a write says nothing about whether HubSpot stored it (423/477 refuse before processing).
                unavailable.MayHaveApplied = call.IsWrite;
            }

            throw error;
        }
    }

    private static long Elapsed(long started) => (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds;
}

/// <summary>One request: <see cref="Operation"/> is a fixed name for logs (never the path, which may carry an email).</summary>
internal sealed record HubSpotCall(HttpMethod Method, string Path, string Operation)
{
    public HttpContent? Content { get; init; }
    public string? AccessToken { get; init; }
    public long? PortalId { get; init; }
    public bool IsSearch { get; init; }
    public bool? RetrySafe { get; init; }

    /// <summary>A call that changes data: anything but GET, except POSTs marked retry-safe (search, introspect).</summary>
    public bool IsWrite => Method != HttpMethod.Get && RetrySafe != true;

    public override string ToString() => $"HubSpotCall {{ {Method} {Operation} }}";
}
