using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace HubSpotTeamsBot.Telemetry;

/// <summary>
/// The bot's own trace source and meter. Every layer records through these two names, so one OpenTelemetry
/// registration (or a test listener) sees turns, HubSpot calls and queue work alike. Attributes never carry user text,
/// tokens or secrets.
/// </summary>
public static class BotTelemetry
{
    public const string Name = "HubSpotTeamsBot";

    public static readonly ActivitySource Source = new(Name);

    public static readonly Meter Meter = new(Name);
}
