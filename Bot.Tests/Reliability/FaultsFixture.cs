using Bot.Tests.Harness;

namespace Bot.Tests.Reliability;

/// <summary>
/// The CRM bot with HubSpot time limits short enough that the sandbox's injected hangs (1.5 s) become timeouts
/// within a bounded run: one attempt may take 1 s, a call with its retries 3 s, a rate-limit wait 0.5 s.
/// </summary>
public sealed class FaultsFixture : CrmBotFixture
{
    public const int HangMs = 1_500;

    protected override IDictionary<string, string?> Settings
    {
        get
        {
            var settings = base.Settings;
            settings["HubSpot:AttemptTimeout"] = "00:00:01";
            settings["HubSpot:CallTimeout"] = "00:00:03";
            settings["HubSpot:RateLimitWait"] = "00:00:00.500";
            // A shorter invoke budget than Teams' 4 s, so slow and hanging HubSpot calls often push a click past it
            // and the "still working, result posted later" path is exercised, not just the quick answer.
            settings["Bot:InvokeBudget"] = "00:00:02.500";
            settings["MessageExtension:SearchWait"] = "00:00:02";
            return settings;
        }
    }
}
