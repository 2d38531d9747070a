using Microsoft.Extensions.Options;

namespace HubSpotTeamsBot.BotFramework.Queue;

public enum ActivityQueueKind { Memory, Storage }

/// <summary>Where message activities wait between the 202 and their turn; section <c>ActivityQueue</c>.</summary>
public sealed class ActivityQueueOptions
{
    public const string Section = "ActivityQueue";

    /// <summary><c>Storage</c> (durable, shared by every instance) or <c>Memory</c> (one process, lost on restart).</summary>
    public ActivityQueueKind Kind { get; set; } = ActivityQueueKind.Storage;

    /// <summary>How many storage queues the work is spread over (by a hash of the conversation id).</summary>
    public int Partitions { get; set; } = 8;

    /// <summary>Queue names are <c>{Storage:TablePrefix}{QueueName}-{n}</c>, lower-cased.</summary>
    public string QueueName { get; set; } = "activities";

    /// <summary>How long a received message stays hidden; renewed while its turn runs, so this is the redelivery delay after a crash.</summary>
    public TimeSpan VisibilityTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long an instance's claim on a partition lasts without renewal (Azure allows 15–60 s).</summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>A message received more often than this is not run again: it goes to the poison table.</summary>
    public int MaxDequeueCount { get; set; } = 5;

    /// <summary>Activities whose JSON is larger than this go to a blob, with a pointer in the queue message (a message holds 64 KiB).</summary>
    public int BlobThresholdBytes { get; set; } = 48 * 1024;

    /// <summary>Longest pause between two looks at an idle partition.</summary>
    public TimeSpan MaxPollDelay { get; set; } = TimeSpan.FromSeconds(1);
}

internal sealed class ActivityQueueOptionsValidator : IValidateOptions<ActivityQueueOptions>
{
    public ValidateOptionsResult Validate(string? name, ActivityQueueOptions options)
    {
        List<string> failures = [];
        if (!Enum.IsDefined(options.Kind)) failures.Add("ActivityQueue:Kind must be Storage or Memory.");
        if (options.Partitions is < 1 or > 64) failures.Add("ActivityQueue:Partitions must be between 1 and 64.");
        if (!System.Text.RegularExpressions.Regex.IsMatch(options.QueueName ?? "", "^[a-z][a-z0-9]{2,29}$"))
            failures.Add("ActivityQueue:QueueName must be 3–30 lower-case letters and digits, starting with a letter.");
        if (options.VisibilityTimeout < TimeSpan.FromSeconds(2) || options.VisibilityTimeout > TimeSpan.FromHours(1))
            failures.Add("ActivityQueue:VisibilityTimeout must be between 2 seconds and 1 hour.");
        if (options.LeaseDuration < TimeSpan.FromSeconds(15) || options.LeaseDuration > TimeSpan.FromSeconds(60))
            failures.Add("ActivityQueue:LeaseDuration must be between 15 and 60 seconds (the blob lease limits).");
        if (options.MaxDequeueCount is < 1 or > 100) failures.Add("ActivityQueue:MaxDequeueCount must be between 1 and 100.");
        if (options.BlobThresholdBytes is < 1024 or > 60 * 1024)
            failures.Add("ActivityQueue:BlobThresholdBytes must be between 1024 and 61440 (a queue message holds 64 KiB).");
        if (options.MaxPollDelay < TimeSpan.FromMilliseconds(10) || options.MaxPollDelay > TimeSpan.FromSeconds(30))
            failures.Add("ActivityQueue:MaxPollDelay must be between 10 ms and 30 s.");
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
