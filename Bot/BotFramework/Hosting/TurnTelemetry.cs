using System.Diagnostics;
using HubSpotTeamsBot.BotFramework.Routing;
using HubSpotTeamsBot.Telemetry;

namespace HubSpotTeamsBot.BotFramework.Hosting;

/// <summary>What one turn leaves in traces and metrics: activity type, route, outcome and the hashed tenant id.</summary>
internal static class TurnTelemetry
{
    public static void Record(Activity? span, TurnContext turn, TimeSpan elapsed)
    {
        // The activity type comes from the sender: only known types become a tag value, so it cannot carry text.
        var type = turn.Activity.Type is "message" or "invoke" or "conversationUpdate" or "installationUpdate" or "messageReaction" or "event"
            ? turn.Activity.Type
            : "other";
        var tags = new TagList
        {
            { TelemetryTags.ActivityType, type },
            { TelemetryTags.Route, turn.Route },
            { TelemetryTags.Outcome, turn.Outcome },
        };
        BotMetrics.Turns.Add(1, tags);
        BotMetrics.TurnDuration.Record(elapsed.TotalMilliseconds, tags);
        if (span is null) return;
        foreach (var (key, value) in tags) span.SetTag(key, value);
        span.SetTag(TelemetryTags.TenantHash, TelemetryTags.HashTenant(turn.TenantId));
        span.DisplayName = $"turn {turn.Route}";
        if (turn.Outcome == "failed") span.SetStatus(ActivityStatusCode.Error);
    }
}
