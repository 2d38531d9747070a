using System.Net;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace HubSpotTeamsBot.HubSpot;

/// <summary>
/// When a HubSpot call is retried. Creates (non-idempotent POSTs) are retried only when HubSpot certainly did not
/// apply them: a 429 or 423 (refused before processing) or a connection that never carried the request. After a 5xx
/// or a timeout the create may already exist in HubSpot, and a second POST would make a duplicate record; the caller
/// gets the error and the feature layer's duplicate check (search by email / idempotency key) decides what to do.
/// 400, 401, 403, 404 and 409 are never retried: the same request would fail the same way.
/// </summary>
internal static class HubSpotRetryRules
{
    private static readonly ResiliencePropertyKey<TimeSpan> PlannedDelay = new("HubSpot.PlannedRetryDelay");
    private static readonly TimeSpan SecondlyPause = TimeSpan.FromSeconds(1);

    public static async ValueTask<bool> ShouldRetryAsync(RetryPredicateArguments<HttpResponseMessage> args, HubSpotOptions options)
    {
        args.Context.Properties.Set(PlannedDelay, TimeSpan.Zero);
        var response = args.Outcome.Result;
        var request = response?.RequestMessage ?? args.Context.GetRequestMessage();
        var retrySafe = HubSpotRequestOptions.IsRetrySafe(request);

        if (args.Outcome.Exception is { } exception)
        {
            return exception switch
            {
                HttpRequestException http => retrySafe || NeverSent(http),
                TimeoutRejectedException => retrySafe,
                _ => false,
            };
        }

        if (response is null)
        {
            return false;
        }

        var status = (int)response.StatusCode;
        if (status is 429 or 423)
        {
            var delay = await RefusalDelayAsync(response, args.AttemptNumber, options, args.Context.CancellationToken);
            if (delay is null || delay > options.MaxRetryDelay)
            {
                return false;
            }

            args.Context.Properties.Set(PlannedDelay, delay.Value);
            return true;
        }

        return status >= 500 && retrySafe;
    }

    /// <summary>The pause chosen by <see cref="ShouldRetryAsync"/> for 429/423, or null to use exponential backoff with jitter.</summary>
    public static ValueTask<TimeSpan?> DelayAsync(RetryDelayGeneratorArguments<HttpResponseMessage> args) =>
        ValueTask.FromResult(args.Context.Properties.TryGetValue(PlannedDelay, out var delay) && delay > TimeSpan.Zero ? delay : (TimeSpan?)null);

    /// <summary>
    /// How long HubSpot wants us to pause: Retry-After when sent; one second for the search (secondly) limit; the backoff
    /// step otherwise. A DAILY limit will not lift within a call, so it is reported instead (null).
    /// </summary>
    internal static async Task<TimeSpan?> RefusalDelayAsync(HttpResponseMessage response, int attemptNumber, HubSpotOptions options, CancellationToken ct)
    {
        if (HubSpotErrors.RetryAfter(response) is { } retryAfter)
        {
            return retryAfter;
        }

        if (response.StatusCode == HttpStatusCode.Locked)
        {
            return Backoff(attemptNumber, options);
        }

        // Buffer the body so the error mapper can read it again if we decide not to retry.
        await response.Content.LoadIntoBufferAsync(ct);
        var policy = HubSpotErrors.PolicyName(HubSpotErrors.Parse(await response.Content.ReadAsStringAsync(ct)));
        return policy switch
        {
            "DAILY" => null,
            "SECONDLY" => SecondlyPause,
            _ => Backoff(attemptNumber, options),
        };
    }

    private static TimeSpan Backoff(int attemptNumber, HubSpotOptions options) =>
        options.RetryBaseDelay * Math.Pow(2, attemptNumber) * (0.8 + (Random.Shared.NextDouble() * 0.4));

    /// <summary>Failures raised before a byte of the request left this machine.</summary>
    private static bool NeverSent(HttpRequestException exception) =>
        exception.HttpRequestError is HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError or HttpRequestError.SecureConnectionError;
}
