using System.Collections.Concurrent;
using Bot.Tests.Harness;

namespace Bot.Tests.HubSpot;

/// <summary>
/// Every log line written by the HubSpot client tests that build services through <see cref="HubSpotServices"/>,
/// and every token they were issued, so <see cref="HubSpotSecretsInLogsTests"/> can check nothing secret was logged.
/// </summary>
internal static class SuiteLogs
{
    public static readonly CapturedLogs Recorder = new();

    public static readonly ConcurrentBag<string> Secrets = [HubSpotServices.ClientSecret];
}
