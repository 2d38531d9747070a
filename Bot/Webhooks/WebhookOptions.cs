using Microsoft.Extensions.Options;

namespace HubSpotTeamsBot.Webhooks;

/// <summary>How HubSpot webhook batches are received, stored and handed on; section <c>Webhooks</c>.</summary>
public sealed class WebhookOptions
{
    public const string Section = "Webhooks";

    /// <summary>HubSpot refuses to sign with a timestamp we may accept later than this; requests older (or further in
    /// the future) than this are refused as replays. Fixed by HubSpot's rule, so not a setting.</summary>
    public static readonly TimeSpan MaxTimestampSkew = TimeSpan.FromMinutes(5);

    /// <summary>Largest request body taken; HubSpot's batches hold at most 100 events (a few hundred bytes each).</summary>
    public int MaxBodyBytes { get; set; } = 256 * 1024;

    /// <summary>The storage queue accepted batches wait in: <c>{Storage:TablePrefix}{QueueName}</c>, lower case.</summary>
    public string QueueName { get; set; } = "hubspotwebhooks";

    /// <summary>How long a taken batch stays hidden (renewed while its handler runs): the redelivery delay after a crash.</summary>
    public TimeSpan VisibilityTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>A batch taken more often than this is not offered again: it goes to the PoisonWebhooks table, with an audit row.</summary>
    public int MaxDequeueCount { get; set; } = 5;

    /// <summary>Longest pause between two looks at an empty queue.</summary>
    public TimeSpan MaxPollDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long a handled event's row stays in WebhookEvents, so that HubSpot's redelivery of it is recognised.
    /// HubSpot retries a failed batch up to 10 times with back-off doubling from about a minute (about a day and a half in
    /// all; docs/hubspot-webhooks.md); three days leaves room.</summary>
    public TimeSpan EventRetention { get; set; } = TimeSpan.FromDays(3);

    /// <summary>How often each instance deletes WebhookEvents rows older than <see cref="EventRetention"/>.</summary>
    public TimeSpan EventPurgeInterval { get; set; } = TimeSpan.FromHours(1);
}

internal sealed class WebhookOptionsValidator : IValidateOptions<WebhookOptions>
{
    public ValidateOptionsResult Validate(string? name, WebhookOptions options)
    {
        List<string> failures = [];
        if (options.MaxBodyBytes is < 4 * 1024 or > 4 * 1024 * 1024)
            failures.Add("Webhooks:MaxBodyBytes must be between 4096 and 4194304.");
        if (!System.Text.RegularExpressions.Regex.IsMatch(options.QueueName ?? "", "^[a-z][a-z0-9]{2,29}$"))
            failures.Add("Webhooks:QueueName must be 3–30 lower-case letters and digits, starting with a letter.");
        if (options.VisibilityTimeout < TimeSpan.FromSeconds(2) || options.VisibilityTimeout > TimeSpan.FromHours(1))
            failures.Add("Webhooks:VisibilityTimeout must be between 2 seconds and 1 hour.");
        if (options.MaxDequeueCount is < 1 or > 100) failures.Add("Webhooks:MaxDequeueCount must be between 1 and 100.");
        if (options.MaxPollDelay < TimeSpan.FromMilliseconds(10) || options.MaxPollDelay > TimeSpan.FromSeconds(30))
            failures.Add("Webhooks:MaxPollDelay must be between 10 ms and 30 s.");
        if (options.EventRetention < TimeSpan.FromDays(2) || options.EventRetention > TimeSpan.FromDays(90))
            failures.Add("Webhooks:EventRetention must be between 2 and 90 days (HubSpot redelivers a failed batch for about a day and a half).");
        if (options.EventPurgeInterval < TimeSpan.FromMinutes(1) || options.EventPurgeInterval > TimeSpan.FromDays(1))
            failures.Add("Webhooks:EventPurgeInterval must be between 1 minute and 1 day.");
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
