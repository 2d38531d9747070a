using Microsoft.Extensions.Options;

namespace HubSpotTeamsBot.Features.Notifications;

/// <summary>Settings of the notifications (section <c>Notifications</c>).</summary>
public sealed class NotificationOptions
{
    public const string Section = "Notifications";

    /// <summary>Changes to one record within this long after its card was posted update that card in place instead of posting again.</summary>
    public TimeSpan MergeWindow { get; set; } = TimeSpan.FromMinutes(10);
}

internal sealed class NotificationOptionsValidator : IValidateOptions<NotificationOptions>
{
    public ValidateOptionsResult Validate(string? name, NotificationOptions options) =>
        options.MergeWindow < TimeSpan.Zero || options.MergeWindow > TimeSpan.FromDays(1)
            ? ValidateOptionsResult.Fail($"{NotificationOptions.Section}:MergeWindow must be between 00:00:00 (never merge) and 1.00:00:00; it is {options.MergeWindow}.")
            : ValidateOptionsResult.Success;
}
