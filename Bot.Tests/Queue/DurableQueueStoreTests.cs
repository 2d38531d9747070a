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
        Assert.Equal("help", stored["activity"]!["text"]!.GetValue<string>());
        Assert.Equal(chat.Id, stored["activity"]!["conversation"]!["id"]!.GetValue<string>());
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
        Assert.Null(pointer["activity"]);
        var body = (await bot.Bodies.GetBlobClient(pointer["blob"]!.GetValue<string>()).DownloadContentAsync()).Value.Content.ToString();
        var stored = JsonNode.Parse(body)!["activity"]!;
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

    private async Task<JsonObject> FindAsync(string conversationId, string activityId)
    {
        var messages = (await bot.QueueFor(conversationId).PeekMessagesAsync(32)).Value;
        return messages.Select(m => JsonNode.Parse(m.MessageText)!.AsObject())
            .Single(m => m["activity"]?["id"]?.GetValue<string>() == activityId);
    }
}
