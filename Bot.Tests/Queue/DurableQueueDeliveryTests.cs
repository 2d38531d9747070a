using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Azure.Data.Tables;
using Bot.Tests.Harness;
using HubSpotTeamsBot.BotFramework.Queue;
using HubSpotTeamsBot.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Bot.Tests.Queue;

/// <summary>
/// The durable queue end to end on Azurite: turns run from the queue, in order per conversation, large activities
/// included; a message left behind by a crashed instance runs once more, but not when that instance had finished the
/// turn; a message that keeps failing ends in the poison table with an audit row and a reply to its sender.
/// The test plays the crashed instance by holding the partition's lease and receiving the message itself.
/// </summary>
public sealed class DurableQueueDeliveryTests(DurableQueueFixture bot) : IClassFixture<DurableQueueFixture>
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);
    private readonly TeamsUser _user = TeamsUser.New("Patti Fernandez");

    [Fact]
    public async Task A_message_is_answered_from_the_durable_queue()
    {
        var chat = TeamsConversation.Personal(_user);

        var reply = await bot.Teams.SayAsync(chat, _user, "help");

        Assert.NotNull(reply.Card);
    }

    [Fact]
    public async Task One_conversations_quick_messages_run_in_the_order_they_were_sent()
    {
        var chat = TeamsConversation.Personal(_user);
        var tag = Guid.NewGuid().ToString("N")[..8];
        for (var i = 0; i < 12; i++)
        {
            using var response = await bot.Teams.PostAsync(Submit(chat, $"{tag}-{i:D2}"));
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        }

        var seen = await UntilSeenAsync(() => Notes(tag), notes => notes.Count == 12);

        Assert.Equal(Enumerable.Range(0, 12).Select(i => $"{tag}-{i:D2}"), seen);
    }

    [Fact]
    public async Task A_large_activity_runs_from_its_blob()
    {
        var chat = TeamsConversation.Personal(_user);
        var note = "big-" + new string('b', 90 * 1024);

        using var response = await bot.Teams.PostAsync(Submit(chat, note));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        await bot.Teams.Connector.WaitForMessageAsync(chat.Id, c => c.Text == "submitted", Wait);
        lock (bot.Probe.Submits) Assert.Contains(note, bot.Probe.Submits);
        await UntilAsync(async () => await BlobsAsync(), names => names.Count == 0);
    }

    [Fact]
    public async Task A_message_left_by_a_crashed_instance_runs_once_when_it_comes_back()
    {
        var chat = TeamsConversation.Personal(_user);
        var tag = "crash-" + Guid.NewGuid().ToString("N")[..8];
        var lease = await bot.HoldPartitionAsync(chat.Id);
        using (var response = await bot.Teams.PostAsync(Submit(chat, tag))) Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);

        // The "other instance" takes the message and dies without deleting it.
        var taken = await TakeAsync(bot.QueueFor(chat.Id), tag, TimeSpan.Parse(DurableQueueFixture.VisibilityTimeout, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Contains(tag, taken.MessageText, StringComparison.Ordinal);
        await lease.ReleaseAsync();

        await bot.Teams.Connector.WaitForMessageAsync(chat.Id, c => c.Text == "submitted", Wait);
        await UntilAsync(async () => (await bot.QueueFor(chat.Id).PeekMessagesAsync(32)).Value.Length, n => n == 0);
        await Task.Delay(TimeSpan.FromSeconds(3));
        Assert.Equal(1, Replies(chat.Id, "submitted"));
        Assert.Equal([tag], Notes(tag));
    }

    [Fact]
    public async Task A_message_whose_turn_finished_before_the_crash_is_removed_without_running_or_replying_again()
    {
        var chat = TeamsConversation.Personal(_user);
        var tag = "done-" + Guid.NewGuid().ToString("N")[..8];
        var lease = await bot.HoldPartitionAsync(chat.Id);
        var activity = Submit(chat, tag);
        using (var response = await bot.Teams.PostAsync(activity)) Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);

        // The "other instance" ran the turn and recorded it, then died before deleting the message.
        var taken = await TakeAsync(bot.QueueFor(chat.Id), tag, TimeSpan.FromSeconds(2));
        var idempotency = bot.Host.Services.GetRequiredService<IdempotencyStore>();
        var claim = await idempotency.ClaimAsync(ChannelSimulator.BotTenantId, $"turn:{chat.Id}|{activity["id"]!.GetValue<string>()}", TimeSpan.FromSeconds(2));
        await idempotency.CompleteAsync(claim, "{}");
        await lease.ReleaseAsync();

        await UntilAsync(async () => (await bot.QueueFor(chat.Id).PeekMessagesAsync(32)).Value.Length, n => n == 0);
        Assert.Equal(0, Replies(chat.Id, "submitted"));
        Assert.Empty(Notes(tag));
    }

    [Fact]
    public async Task A_redelivered_message_holding_several_activities_runs_only_those_that_did_not_finish_in_order()
    {
        var chat = TeamsConversation.Personal(_user);
        var tag = "group-" + Guid.NewGuid().ToString("N")[..8];
        var lease = await bot.HoldPartitionAsync(chat.Id);
        var activities = Enumerable.Range(0, 3).Select(i => Submit(chat, $"{tag}-{i}")).ToList();

        // An earlier attempt stored the three together, finished the middle one's turn and died.
        var message = QueuedActivity.Many(activities.Select(a => a.ToJsonString()));
        await bot.QueueFor(chat.Id).SendMessageAsync(message);
        var idempotency = bot.Host.Services.GetRequiredService<IdempotencyStore>();
        var claim = await idempotency.ClaimAsync(ChannelSimulator.BotTenantId, $"turn:{chat.Id}|{activities[1]["id"]!.GetValue<string>()}", TimeSpan.FromSeconds(2));
        await idempotency.CompleteAsync(claim, "{}");
        await lease.ReleaseAsync();

        var seen = await UntilSeenAsync(() => Notes(tag), notes => notes.Count == 2);
        await UntilAsync(async () => (await bot.QueueFor(chat.Id).PeekMessagesAsync(32)).Value.Count(m => m.MessageText.Contains(tag, StringComparison.Ordinal)), n => n == 0);
        await Task.Delay(TimeSpan.FromSeconds(3));
        Assert.Equal([$"{tag}-0", $"{tag}-2"], Notes(tag));
        Assert.Equal(2, Replies(chat.Id, "submitted"));
    }

    [Fact]
    public async Task The_same_activity_sent_twice_by_the_channel_runs_and_is_answered_once()
    {
        var chat = TeamsConversation.Personal(_user);
        var tag = "twice-" + Guid.NewGuid().ToString("N")[..8];
        var activity = Submit(chat, tag);

        // The channel got no answer in time and sent the same activity again; both copies were stored.
        for (var i = 0; i < 2; i++)
        {
            using var response = await bot.Teams.PostAsync(activity);
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        }

        await bot.Teams.Connector.WaitForMessageAsync(chat.Id, c => c.Text == "submitted", Wait);
        await UntilAsync(async () => (await bot.QueueFor(chat.Id).PeekMessagesAsync(32)).Value.Length, n => n == 0);
        Assert.Equal(1, Replies(chat.Id, "submitted"));
        Assert.Equal([tag], Notes(tag));
    }

    [Fact]
    public async Task A_message_that_keeps_failing_goes_to_the_poison_table_with_an_audit_row_and_its_sender_is_told()
    {
        var chat = TeamsConversation.Personal(_user);
        var tag = "poison-" + Guid.NewGuid().ToString("N")[..8];
        var lease = await bot.HoldPartitionAsync(chat.Id);
        var activity = Submit(chat, tag);
        using (var response = await bot.Teams.PostAsync(activity)) Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);

        // ActivityQueue:MaxDequeueCount is 2: two attempts (instances that died running it) use them up.
        var queue = bot.QueueFor(chat.Id);
        var taken = await TakeAsync(queue, tag, TimeSpan.FromSeconds(1));
        var again = await TakeAsync(queue, tag, TimeSpan.FromSeconds(1));
        Assert.Equal(taken.MessageId, again.MessageId);
        await lease.ReleaseAsync();

        var told = await bot.Teams.Connector.WaitForMessageAsync(chat.Id, c => c.Text == PoisonActivities.Reply, Wait);
        Assert.Contains(Uri.EscapeDataString(activity["id"]!.GetValue<string>()), told.Path, StringComparison.Ordinal);
        Assert.Empty(Notes(tag));
        var tables = bot.Host.Services.GetRequiredService<StorageTables>();
        var row = await tables.RunAsync(TableNames.PoisonActivities, async t =>
            (await t.GetEntityAsync<TableEntity>(ChannelSimulator.BotTenantId, taken.MessageId)).Value, CancellationToken.None);
        Assert.Equal(activity["id"]!.GetValue<string>(), row.GetString("ActivityId"));
        Assert.Equal(3, row.GetInt64("DequeueCount"));
        Assert.Contains("did not finish", row.GetString("Error"), StringComparison.Ordinal);
        var audit = await bot.Host.Services.GetRequiredService<AuditLog>().ReadPageAsync(ChannelSimulator.BotTenantId, 50);
        Assert.Contains(audit.Entries, e => e.Action == PoisonActivities.AuditAction && e.CorrelationId == activity["id"]!.GetValue<string>() && e.Outcome == "Failed");
        await UntilAsync(async () => (await bot.QueueFor(chat.Id).PeekMessagesAsync(32)).Value.Length, n => n == 0);
    }

    /// <summary>
    /// Receives this test's message (other tests' conversations may share the partition: those are made visible again
    /// at once), waiting while it is still hidden from an earlier receive.
    /// </summary>
    private static async Task<Azure.Storage.Queues.Models.QueueMessage> TakeAsync(Azure.Storage.Queues.QueueClient queue, string tag, TimeSpan visibility)
    {
        var deadline = DateTime.UtcNow + Wait;
        while (true)
        {
            Azure.Storage.Queues.Models.QueueMessage? mine = null;
            foreach (var message in (await queue.ReceiveMessagesAsync(32, visibility)).Value)
            {
                if (message.MessageText.Contains(tag, StringComparison.Ordinal)) mine = message;
                else await queue.UpdateMessageAsync(message.MessageId, message.PopReceipt, visibilityTimeout: TimeSpan.Zero);
            }
            if (mine is not null) return mine;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"Message {tag} never became visible");
            await Task.Delay(100);
        }
    }

    private JsonObject Submit(TeamsConversation chat, string note) =>
        Activities.CardSubmit(bot.Simulator.ServiceUrl, chat, _user, new JsonObject { ["verb"] = "probe.submit", ["note"] = note });

    private List<string> Notes(string tag)
    {
        lock (bot.Probe.Submits) return bot.Probe.Submits.Where(n => n.StartsWith(tag, StringComparison.Ordinal)).ToList();
    }

    private int Replies(string conversationId, string text) =>
        bot.Teams.Connector.Calls.Count(c => c.Method == "POST" && c.Path.Contains(Uri.EscapeDataString(conversationId), StringComparison.Ordinal) && c.Text == text);

    private async Task<List<string>> BlobsAsync()
    {
        var container = bot.Host.Services.GetRequiredService<Azure.Storage.Blobs.BlobServiceClient>().GetBlobContainerClient(bot.Partitions.BlobContainer);
        if (!(await container.ExistsAsync()).Value) return [];
        var names = new List<string>();
        await foreach (var blob in container.GetBlobsAsync()) names.Add(blob.Name);
        return names;
    }

    private static Task<T> UntilSeenAsync<T>(Func<T> read, Func<T, bool> done) => UntilAsync(() => Task.FromResult(read()), done);

    private static async Task<T> UntilAsync<T>(Func<Task<T>> read, Func<T, bool> done)
    {
        var deadline = DateTime.UtcNow + Wait;
        while (true)
        {
            var value = await read();
            if (done(value)) return value;
            if (DateTime.UtcNow > deadline) throw new TimeoutException("Still " + JsonSerializer.Serialize(value));
            await Task.Delay(100);
        }
    }
}
