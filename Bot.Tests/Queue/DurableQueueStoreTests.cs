using System.Net;
using System.Text.Json.Nodes;
using Bot.Tests.Harness;

namespace Bot.Tests.Queue;

/// <summary>
/// What the endpoint writes to the durable queue before it answers 202, inspected in Azurite with no worker running:
/// an acknowledged activity is stored; a large one is stored in a blob with a pointer in the queue; a queue that
/// cannot be written gets 503 with Retry-After, never a 202.
/// </summary>
public sealed class DurableQueueStoreTests(StoreOnlyBotFixture bot) : IClassFixture<StoreOnlyBotFixture>
{
    private readonly TeamsUser _user = TeamsUser.New("Nestor Wilke");

    [Fact]
    public async Task An_acknowledged_message_is_in_its_conversations_partition_queue()
    {
        var chat = TeamsConversation.Personal(_user);
        var activity = Activities.Message(bot.Simulator.ServiceUrl, chat, _user, "help");

        using var response = await bot.Teams.PostAsync(activity);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var stored = await FindAsync(chat.Id, activity["id"]!.GetValue<string>());
        Assert.Equal("help", stored["text"]!.GetValue<string>());
        Assert.Equal(chat.Id, stored["conversation"]!["id"]!.GetValue<string>());
    }

    [Fact]
    public async Task An_activity_larger_than_a_queue_message_is_stored_in_a_blob_with_a_pointer_in_the_queue()
    {
        var chat = TeamsConversation.Personal(_user);
        var note = new string('n', 100 * 1024);
        var activity = Activities.CardSubmit(bot.Simulator.ServiceUrl, chat, _user, new JsonObject { ["verb"] = "probe.submit", ["note"] = note });

        using var response = await bot.Teams.PostAsync(activity);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var messages = (await bot.QueueFor(chat.Id).PeekMessagesAsync(32)).Value;
        var pointer = messages.Select(m => JsonNode.Parse(m.MessageText)!.AsObject()).Single(m => m["blob"] is not null);
        Assert.Null(pointer["activities"]);
        var body = (await bot.Bodies.GetBlobClient(pointer["blob"]!.GetValue<string>()).DownloadContentAsync()).Value.Content.ToString();
        var stored = Assert.Single(JsonNode.Parse(body)!["activities"]!.AsArray())!;
        Assert.Equal(activity["id"]!.GetValue<string>(), stored["id"]!.GetValue<string>());
        Assert.Equal(note, stored["value"]!["note"]!.GetValue<string>());
    }

    [Fact]
    public async Task When_the_queue_cannot_be_written_the_channel_gets_503_with_Retry_After_and_nothing_is_acknowledged()
    {
        // Tables on Azurite (so the bot starts and authenticates), queues on a port nobody listens on.
        var dead = $"http://127.0.0.1:{LoopbackPort.Free()}/devstoreaccount1";
        var connection = bot.Azurite.ConnectionString.Replace(bot.Azurite.QueueEndpoint.ToString(), dead, StringComparison.Ordinal);
        Assert.NotEqual(bot.Azurite.ConnectionString, connection);
        await using var host = new BotHost(bot.Simulator, new Dictionary<string, string?>
        {
            ["Storage:ConnectionString"] = connection,
            ["Storage:MaxRetries"] = "0",
            ["ActivityQueue:Kind"] = "Storage",
        });
        using var http = host.Start();
        var teams = new SimulatedTeams(bot.Simulator, http);
        var chat = TeamsConversation.Personal(_user);

        using var response = await teams.PostAsync(Activities.Message(bot.Simulator.ServiceUrl, chat, _user, "help"));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.True(response.Headers.RetryAfter?.Delta > TimeSpan.Zero, "503 must carry Retry-After");
    }

    [Fact]
    public async Task Activities_accepted_for_one_partition_at_the_same_moment_are_stored_together_in_the_order_they_were_accepted()
    {
        // Eight conversations of one partition, each with its own quick messages, all posted at once.
        var chats = Enumerable.Range(0, 400).Select(_ => TeamsConversation.Personal(_user)).Where(c => bot.Partitions.Of(c.Id) == 0).Take(8).ToList();
        var posted = new List<(string Conversation, string Id, int Seq)>();
        var sends = new List<Task<HttpResponseMessage>>();
        for (var seq = 0; seq < 5; seq++)
        {
            foreach (var chat in chats)
            {
                var activity = Activities.Message(bot.Simulator.ServiceUrl, chat, _user, $"note {seq}");
                posted.Add((chat.Id, activity["id"]!.GetValue<string>(), seq));
                sends.Add(bot.Teams.PostAsync(activity));
            }
            // A conversation's next message is posted once its previous one was acknowledged, as Teams does.
            foreach (var response in await Task.WhenAll(sends))
            {
                using (response) Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
            }
            sends.Clear();
        }

        var ids = posted.Select(p => p.Id).ToHashSet();
        var messages = new List<JsonArray>();
        foreach (var message in (await bot.QueueFor(chats[0].Id).PeekMessagesAsync(32)).Value)
        {
            // Other tests' messages share the partition; a blob pointer holds no activities.
            if (JsonNode.Parse(message.MessageText)!["activities"] is not JsonArray held) continue;
            if (held.Any(a => ids.Contains(a!["id"]!.GetValue<string>()))) messages.Add(held);
        }
        var stored = messages.SelectMany(m => m).Select(a => a!["id"]!.GetValue<string>()).ToList();

        // Every acknowledged activity is stored exactly once, in fewer queue messages than activities...
        Assert.Equal(posted.Select(p => p.Id).Order(), stored.Order());
        Assert.True(messages.Count < posted.Count, $"{posted.Count} activities in {messages.Count} queue messages");
        // ...and each conversation's messages in the order they were sent (peek returns the queue's order).
        foreach (var chat in chats)
        {
            var order = stored.Select(id => posted.Single(p => p.Id == id)).Where(p => p.Conversation == chat.Id).Select(p => p.Seq);
            Assert.Equal(Enumerable.Range(0, 5), order);
        }
    }

    private async Task<JsonObject> FindAsync(string conversationId, string activityId)
    {
        var messages = (await bot.QueueFor(conversationId).PeekMessagesAsync(32)).Value;
        return messages.SelectMany(m => JsonNode.Parse(m.MessageText)!["activities"]?.AsArray() ?? [])
            .Select(a => a!.AsObject())
            .Single(a => a["id"]?.GetValue<string>() == activityId);
    }
}
