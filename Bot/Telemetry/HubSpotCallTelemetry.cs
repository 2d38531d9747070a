using System.Diagnostics;
using System.Net;

namespace HubSpotTeamsBot.Telemetry;

/// <summary>
/// Outermost handler of the HubSpot HttpClient (above the retry pipeline): one span and one "hubspot.calls" count per
/// call, with the attempts and rate-limiter wait that the inner handlers report through <see cref="Current"/>.
/// </summary>
public sealed class HubSpotCallTelemetry : DelegatingHandler
{
    private static readonly AsyncLocal<CallStats?> CurrentCall = new();

    /// <summary>The call in flight on this async flow, for the per-attempt handler below the retries.</summary>
    public static CallStats? Current => CurrentCall.Value;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var operation = TelemetryTags.HubSpotOperationOf(request.Method, request.RequestUri);
        using var span = BotTelemetry.Source.StartActivity("hubspot.call", ActivityKind.Client);
        span?.SetTag(TelemetryTags.HubSpotOperation, operation);
        var stats = new CallStats();
        CurrentCall.Value = stats;
        var status = "exception";
        try
        {
            var response = await base.SendAsync(request, cancellationToken);
            status = ((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture);
            if (!response.IsSuccessStatusCode) span?.SetStatus(ActivityStatusCode.Error);
            return response;
        }
        catch (Exception e)
        {
            status = e is OperationCanceledException ? "timeout" : "exception";
            span?.SetStatus(ActivityStatusCode.Error, e.GetType().Name);
            throw;
        }
        finally
        {
            CurrentCall.Value = null;
            var retries = Math.Max(0, stats.Attempts - 1);
            span?.SetTag(TelemetryTags.HubSpotStatus, status);
            span?.SetTag(TelemetryTags.HubSpotRetries, retries);
            span?.SetTag(TelemetryTags.HubSpotLimiterWaitMs, Math.Round(stats.LimiterWait.TotalMilliseconds, 1));
            var tags = new TagList { { TelemetryTags.HubSpotOperation, operation }, { TelemetryTags.HubSpotStatus, status } };
            BotMetrics.HubSpotCalls.Add(1, tags);
            if (retries > 0) BotMetrics.HubSpotRetries.Add(retries, new TagList { { TelemetryTags.HubSpotOperation, operation } });
        }
    }

    /// <summary>What the attempts of one call add up to; written by the per-attempt handler.</summary>
    public sealed class CallStats
    {
        private int _attempts;
        private long _waitTicks;

        public int Attempts => Volatile.Read(ref _attempts);

        public TimeSpan LimiterWait => TimeSpan.FromTicks(Interlocked.Read(ref _waitTicks));

        public void RecordAttempt(TimeSpan limiterWait)
        {
            Interlocked.Increment(ref _attempts);
            Interlocked.Add(ref _waitTicks, limiterWait.Ticks);
            BotMetrics.HubSpotLimiterWait.Record(limiterWait.TotalMilliseconds);
        }
    }

    /// <summary>Counts a 429 attempt (the retry pipeline hides it from the call's final status).</summary>
    public static void RecordAttemptStatus(HttpStatusCode status)
    {
        if (status == HttpStatusCode.TooManyRequests) BotMetrics.HubSpotThrottled.Add(1);
    }
}
