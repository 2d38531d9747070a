using System.Diagnostics.Metrics;

namespace HubSpotTeamsBot.Telemetry;

/// <summary>
/// The bot's instruments on <see cref="BotTelemetry.Meter"/>. Tags are fixed vocabularies (activity type, route,
/// outcome, HubSpot operation and status), never user text, ids of people or tokens.
/// </summary>
public static class BotMetrics
{
    private static Func<long>? _queueDepth;

    public static readonly Counter<long> Turns = BotTelemetry.Meter.CreateCounter<long>("bot.turns", description: "Turns handled, by activity type, route and outcome.");

    public static readonly Histogram<double> TurnDuration = BotTelemetry.Meter.CreateHistogram<double>("bot.turn.duration", unit: "ms", description: "Time from the start of a turn to its last reply.");

    public static readonly Counter<long> InvokeBudgetOverruns = BotTelemetry.Meter.CreateCounter<long>("bot.invoke.budget_overruns", description: "Invokes answered with 'still working' because they ran past the invoke budget.");

    public static readonly Counter<long> UnavailableResponses = BotTelemetry.Meter.CreateCounter<long>("bot.http.unavailable", description: "503 answers (activity queue full, storage down on /healthz).");

    public static readonly Counter<long> HubSpotCalls = BotTelemetry.Meter.CreateCounter<long>("hubspot.calls", description: "HubSpot calls (retries included in one call), by operation and final status.");

    public static readonly Counter<long> HubSpotThrottled = BotTelemetry.Meter.CreateCounter<long>("hubspot.throttled", description: "HubSpot attempts answered 429.");

    public static readonly Counter<long> HubSpotRetries = BotTelemetry.Meter.CreateCounter<long>("hubspot.retries", description: "HubSpot attempts after the first one of a call.");

    public static readonly Histogram<double> HubSpotLimiterWait = BotTelemetry.Meter.CreateHistogram<double>("hubspot.limiter.wait", unit: "ms", description: "Time a HubSpot attempt waited for the per-portal rate limiter.");

    static BotMetrics()
    {
        BotTelemetry.Meter.CreateObservableGauge("bot.activity_queue.depth", () => _queueDepth?.Invoke() ?? 0, description: "Activities accepted (202) and not yet handled.");
    }

    /// <summary>The activity queue reports its depth through this; the last one registered wins (one queue per process).</summary>
    public static void ObserveQueueDepth(Func<long> depth) => _queueDepth = depth;
}
