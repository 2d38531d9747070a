using Bot.Tests.Harness;

namespace Bot.Tests.Reliability;

/// <summary>
/// The CRM bot with its own HubSpot rate limiter opened wide: the duplicate matrix fires many forms in a few seconds,
/// and its subject is double delivery, not rate limits (the faults workload covers 429s and "busy").
/// </summary>
public sealed class DuplicateDeliveryFixture : CrmBotFixture
{
    protected override IDictionary<string, string?> Settings
    {
        get
        {
            var settings = base.Settings;
            settings["HubSpot:RequestsPer10Seconds"] = "5000";
            settings["HubSpot:SearchRequestsPerSecond"] = "500";
            return settings;
        }
    }
}
