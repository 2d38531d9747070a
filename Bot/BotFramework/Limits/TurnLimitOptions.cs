using Microsoft.Extensions.Options;

namespace HubSpotTeamsBot.BotFramework.Limits;

/// <summary>
/// Per-user and per-tenant token buckets on turns (messages, card submits) and invokes, so one person — or a script
/// with one stolen token — cannot flood the bot: over the limit they get a friendly "slow down" answer and nothing
/// else runs (no role check, no storage, no HubSpot call). Section <c>TurnLimits</c>.
/// </summary>
public sealed class TurnLimitOptions
{
    public const string SectionName = "TurnLimits";

    /// <summary>Messages and card submits one person may send at once before the refill rate applies.</summary>
    public int UserTurnBurst { get; set; } = 30;

    /// <summary>Messages and card submits per person per minute, sustained.</summary>
    public int UserTurnsPerMinute { get; set; } = 120;

    /// <summary>Invokes (buttons, dialogs, compose-box searches, typeahead) one person may send at once; typing in a
    /// search box sends one per keystroke pause, so this is larger than the turn burst.</summary>
    public int UserInvokeBurst { get; set; } = 60;

    /// <summary>Invokes per person per minute, sustained.</summary>
    public int UserInvokesPerMinute { get; set; } = 300;

    /// <summary>Invokes of one person being handled at the same time; more are answered "slow down" at once.</summary>
    public int UserConcurrentInvokes { get; set; } = 8;

    /// <summary>Turns and invokes of one whole tenant at once.</summary>
    public int TenantBurst { get; set; } = 1000;

    /// <summary>Turns and invokes per tenant per minute, sustained.</summary>
    public int TenantTurnsPerMinute { get; set; } = 6000;

    /// <summary>Within this window, a repeated refusal or warning for the same person is counted, not written again.</summary>
    public TimeSpan RepeatWindow { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Refusal audit rows written one by one per person per <see cref="RepeatWindow"/>; beyond it they are
    /// counted and written as one row when the window ends.</summary>
    public int RefusalAuditRowsPerWindow { get; set; } = 50;
}

internal sealed class TurnLimitOptionsValidator : IValidateOptions<TurnLimitOptions>
{
    public ValidateOptionsResult Validate(string? name, TurnLimitOptions options)
    {
        var failures = new List<string>();
        void Positive(int value, string setting, int max)
        {
            if (value < 1 || value > max) failures.Add($"{TurnLimitOptions.SectionName}:{setting} must be between 1 and {max}, got {value}.");
        }
        Positive(options.UserTurnBurst, nameof(options.UserTurnBurst), 1_000_000);
        Positive(options.UserTurnsPerMinute, nameof(options.UserTurnsPerMinute), 6_000_000);
        Positive(options.UserInvokeBurst, nameof(options.UserInvokeBurst), 1_000_000);
        Positive(options.UserInvokesPerMinute, nameof(options.UserInvokesPerMinute), 6_000_000);
        Positive(options.UserConcurrentInvokes, nameof(options.UserConcurrentInvokes), 10_000);
        Positive(options.TenantBurst, nameof(options.TenantBurst), 10_000_000);
        Positive(options.TenantTurnsPerMinute, nameof(options.TenantTurnsPerMinute), 60_000_000);
        Positive(options.RefusalAuditRowsPerWindow, nameof(options.RefusalAuditRowsPerWindow), 100_000);
        if (options.RepeatWindow < TimeSpan.FromSeconds(1) || options.RepeatWindow > TimeSpan.FromHours(1))
            failures.Add($"{TurnLimitOptions.SectionName}:{nameof(options.RepeatWindow)} must be between 00:00:01 and 01:00:00, got {options.RepeatWindow}.");
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
