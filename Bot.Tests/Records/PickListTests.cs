using System.Text.Json.Nodes;
using HubSpotTeamsBot.Records;

namespace Bot.Tests.Records;

public sealed class PickListTests
{
    private static JsonObject Button(int i) => new() { ["type"] = "Action.Submit", ["title"] = $"Record {i}" };

    [Fact]
    public void Up_to_five_matches_are_each_a_button_and_nothing_more_is_said()
    {
        var card = PickList.Build("3 records match.", Enumerable.Range(1, 3).Select(Button));

        Assert.Equal(3, card["actions"]!.AsArray().Count);
        Assert.Single(card["body"]!.AsArray());
    }

    [Fact]
    public void More_matches_than_Teams_renders_show_five_and_say_how_to_find_the_others()
    {
        var card = PickList.Build("8 records match.", Enumerable.Range(1, 8).Select(Button));

        var actions = card["actions"]!.AsArray();
        Assert.Equal(PickList.MaxButtons, actions.Count);
        Assert.Equal("Record 1", (string?)actions[0]!["title"]);
        Assert.Contains("more of the name", card["body"]!.AsArray()[1]!["text"]!.GetValue<string>(), StringComparison.Ordinal);
    }
}
