using HubSpotTeamsBot.HubSpot;

namespace Bot.Tests.HubSpot;

public class CrmPropertyChangesTests
{
    [Fact]
    public void Only_changed_fields_are_sent_and_cleared_fields_become_empty()
    {
        var original = new Dictionary<string, string?> { ["firstname"] = "Ada", ["lastname"] = "Lovelace", ["phone"] = "123", ["jobtitle"] = null };
        var edited = new Dictionary<string, string?> { ["firstname"] = "Ada", ["lastname"] = "King", ["phone"] = null, ["jobtitle"] = "", ["city"] = "London" };

        var changes = CrmPropertyChanges.Between(original, edited);

        Assert.Equal(3, changes.Count);
        Assert.Equal("King", changes["lastname"]);
        Assert.Equal("", changes["phone"]);
        Assert.Equal("London", changes["city"]);
    }
}
