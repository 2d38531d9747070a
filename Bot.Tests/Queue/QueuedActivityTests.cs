using System.Text.Json.Nodes;
using HubSpotTeamsBot.BotFramework.Queue;
using HubSpotTeamsBot.BotFramework.Schema;

namespace Bot.Tests.Queue;

/// <summary>The queue message's envelope: several activities in order, the single form earlier versions wrote, and nesting as deep as the endpoint accepts.</summary>
public sealed class QueuedActivityTests
{
    [Fact]
    public void Several_activities_are_read_back_in_the_order_they_were_written()
    {
        var message = QueuedActivity.Many([Serialize("a"), Serialize("b"), Serialize("c")]);

        var (activities, blob) = QueuedActivity.Read(message);

        Assert.Null(blob);
        Assert.Equal(["a", "b", "c"], activities!.Select(a => a.Id));
    }

    [Fact]
    public void A_message_written_by_an_earlier_version_holding_one_activity_is_still_read()
    {
        var message = new JsonObject { ["activity"] = JsonNode.Parse(Serialize("old")) }.ToJsonString();

        var (activities, _) = QueuedActivity.Read(message);

        Assert.Equal("old", Assert.Single(activities!).Id);
    }

    [Fact]
    public void An_activity_nested_as_deep_as_the_endpoint_accepts_is_read_inside_the_envelope()
    {
        // 62 nested arrays inside "value" inside the activity object: 64 levels, System.Text.Json's default limit.
        var deep = new string('[', 62) + new string(']', 62);
        var activity = $$"""{"type":"message","id":"deep","value":{{deep}}}""";
        Assert.NotNull(System.Text.Json.JsonSerializer.Deserialize<Activity>(activity, BotJson.Options));

        var (activities, _) = QueuedActivity.Read(QueuedActivity.Many([activity]));

        Assert.Equal("deep", Assert.Single(activities!).Id);
    }

    private static string Serialize(string id) => QueuedActivity.Serialize(new Activity { Type = "message", Id = id, Text = "help" });
}
