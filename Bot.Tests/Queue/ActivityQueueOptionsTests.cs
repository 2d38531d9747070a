using HubSpotTeamsBot.BotFramework.Queue;
using HubSpotTeamsBot.Storage;
using Microsoft.Extensions.Options;

namespace Bot.Tests.Queue;

/// <summary>The queue's settings are checked at start with a message naming the setting; partitions are stable.</summary>
public sealed class ActivityQueueOptionsTests
{
    [Fact]
    public void The_defaults_are_valid_and_durable()
    {
        var options = new ActivityQueueOptions();

        Assert.True(new ActivityQueueOptionsValidator().Validate(null, options).Succeeded);
        Assert.Equal(ActivityQueueKind.Storage, options.Kind);
    }

    [Theory]
    [InlineData(nameof(ActivityQueueOptions.Partitions), "0", "ActivityQueue:Partitions")]
    [InlineData(nameof(ActivityQueueOptions.Partitions), "65", "ActivityQueue:Partitions")]
    [InlineData(nameof(ActivityQueueOptions.QueueName), "Bad-Name", "ActivityQueue:QueueName")]
    [InlineData(nameof(ActivityQueueOptions.VisibilityTimeout), "00:00:01", "ActivityQueue:VisibilityTimeout")]
    [InlineData(nameof(ActivityQueueOptions.LeaseDuration), "00:00:10", "ActivityQueue:LeaseDuration")]
    [InlineData(nameof(ActivityQueueOptions.LeaseDuration), "00:01:01", "ActivityQueue:LeaseDuration")]
    [InlineData(nameof(ActivityQueueOptions.MaxDequeueCount), "0", "ActivityQueue:MaxDequeueCount")]
    [InlineData(nameof(ActivityQueueOptions.BlobThresholdBytes), "70000", "ActivityQueue:BlobThresholdBytes")]
    [InlineData(nameof(ActivityQueueOptions.MaxPollDelay), "00:00:00", "ActivityQueue:MaxPollDelay")]
    public void A_bad_value_is_refused_naming_the_setting(string property, string value, string setting)
    {
        var options = new ActivityQueueOptions();
        var info = typeof(ActivityQueueOptions).GetProperty(property)!;
        info.SetValue(options, info.PropertyType == typeof(TimeSpan)
            ? TimeSpan.Parse(value, System.Globalization.CultureInfo.InvariantCulture)
            : Convert.ChangeType(value, info.PropertyType, System.Globalization.CultureInfo.InvariantCulture));

        var result = new ActivityQueueOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains(setting, result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void A_conversation_always_maps_to_the_same_partition_and_conversations_spread_over_all_of_them()
    {
        var partitions = new ActivityPartitions(Options.Create(new ActivityQueueOptions { Partitions = 8 }), Options.Create(new StorageOptions { TablePrefix = "T1" }));
        var ids = Enumerable.Range(0, 400).Select(i => $"a:personal-{i:D4}-{Guid.NewGuid():N}").ToList();

        Assert.All(ids, id => Assert.Equal(partitions.Of(id), partitions.Of(new string(id.ToCharArray()))));
        Assert.Equal(8, ids.Select(partitions.Of).Distinct().Count());
        Assert.All(ids.GroupBy(partitions.Of), group => Assert.InRange(group.Count(), 20, 80));
        Assert.Equal("t1activities-0", partitions.QueueNames[0]);
        Assert.Equal("t1activities-leases", partitions.LeaseContainer);
    }
}
