using HubSpotTeamsBot.HubSpot;
using HubSpotTeamsBot.Records;

namespace Bot.Tests.Features.Owners;

/// <summary>The order and titles every owner picker shows.</summary>
public sealed class OwnerPickerOrderTests
{
    private static readonly HubSpotOwner Zoe = new("3", "zoe@example.com", "Zoe", "Adams");
    private static readonly HubSpotOwner Ann = new("1", "ann@example.com", "Ann", "Lee");
    private static readonly HubSpotOwner Bob = new("2", "bob@example.com", "Bob", "Ray");

    [Fact]
    public void The_acting_user_comes_first_marked_you_then_the_others_by_name()
    {
        var choices = OwnerPicker.Order([Ann, Zoe, Bob], me: Zoe);

        Assert.Equal([("Zoe Adams (you)", "3"), ("Ann Lee", "1"), ("Bob Ray", "2")], choices);
    }

    [Fact]
    public void Archived_owners_are_left_out_and_two_owners_with_one_name_show_their_email()
    {
        var annToo = new HubSpotOwner("4", "ann.lee@example.com", "Ann", "Lee");
        var gone = new HubSpotOwner("5", "gone@example.com", "Gone", "Person", Archived: true);

        var choices = OwnerPicker.Order([annToo, gone, Ann], me: null);

        // Same name: ordered by email ("ann.lee@" sorts before "ann@").
        Assert.Equal([("Ann Lee (ann.lee@example.com)", "4"), ("Ann Lee (ann@example.com)", "1")], choices);
    }

    [Fact]
    public void The_picker_input_is_a_searchable_choice_set_keeping_the_chosen_owner()
    {
        var input = OwnerPicker.Input("owner", "Owner", [("Ann Lee", "1"), ("Bob Ray", "2")], "2");

        Assert.Equal("Input.ChoiceSet", input["type"]!.GetValue<string>());
        Assert.Equal("filtered", input["style"]!.GetValue<string>());
        Assert.Equal("2", input["value"]!.GetValue<string>());
    }

    [Fact]
    public void A_record_owner_no_longer_listed_stays_selected_so_a_save_does_not_clear_it()
    {
        var input = OwnerPicker.Input("owner", "Owner", [("Ann Lee", "1")], "70000006");

        Assert.Equal("70000006", input["value"]!.GetValue<string>());
        Assert.Contains(input["choices"]!.AsArray(), c => c!["value"]!.GetValue<string>() == "70000006");
    }
}
