using System.Text.Json;
using HubSpotTeamsBot.BotFramework.Schema;

namespace Bot.Tests.BotFramework;

public sealed class ActivityTextTests
{
    private static Activity Parse(string json) => JsonSerializer.Deserialize<Activity>(json, BotJson.Options)!;

    [Fact]
    public void The_bots_own_mention_is_removed_and_whitespace_folded()
    {
        var activity = Parse("""
            {"type":"message","text":"<at>HubSpot</at>&nbsp; new   contact\n","recipient":{"id":"28:bot"},
             "entities":[{"type":"mention","text":"<at>HubSpot</at>","mentioned":{"id":"28:bot","name":"HubSpot"}}]}
            """);

        Assert.Equal("new contact", activity.TextWithoutBotMention());
    }

    [Fact]
    public void Mentions_of_other_people_stay_in_the_text()
    {
        var activity = Parse("""
            {"type":"message","text":"<at>HubSpot</at> role grant <at>Megan</at> editor","recipient":{"id":"28:bot"},
             "entities":[{"type":"mention","text":"<at>HubSpot</at>","mentioned":{"id":"28:bot"}},
                         {"type":"mention","text":"<at>Megan</at>","mentioned":{"id":"29:megan"}}]}
            """);

        Assert.Equal("role grant <at>Megan</at> editor", activity.TextWithoutBotMention());
    }

    [Fact]
    public void The_tenant_comes_from_channel_data_before_the_conversation()
    {
        var activity = Parse("""{"type":"message","conversation":{"id":"a","tenantId":"conv-tenant"},"channelData":{"tenant":{"id":"cd-tenant"}}}""");

        Assert.Equal("cd-tenant", activity.TenantId());
    }

    [Fact]
    public void Unknown_fields_survive_a_round_trip()
    {
        var activity = Parse("""{"type":"message","futureField":{"a":[1,2]},"from":{"id":"29:x","newThing":true}}""");

        var json = JsonSerializer.Serialize(activity, BotJson.Options);

        Assert.Contains("\"futureField\":{\"a\":[1,2]}", json, StringComparison.Ordinal);
        Assert.Contains("\"newThing\":true", json, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"type":"message","value":{"verb":"x"}}""", true)]
    [InlineData("""{"type":"message","text":"hi","value":{"verb":"x"}}""", false)]
    [InlineData("""{"type":"message","value":"a string"}""", false)]
    [InlineData("""{"type":"invoke","value":{"verb":"x"}}""", false)]
    public void A_card_submit_is_a_message_with_an_object_value_and_no_text(string json, bool expected) =>
        Assert.Equal(expected, Parse(json).IsCardSubmit());
}
