using Bot.Tests.Features.Deals;
using HubSpotTeamsBot.Features.Deals;
using HubSpotTeamsBot.Features.Engagements;
using HubSpotTeamsBot.Forms;
using HubSpotTeamsBot.HubSpot;
using HubSpotTeamsBot.Records;

namespace Bot.Tests.Features.Owners;

/// <summary>Where HubSpot could not list the owners, the deal and task forms ask for an email as they did before the picker.</summary>
public sealed class OwnerFallbackCardTests
{
    private static readonly OwnerChoices Listed = new([("Ann Lee (you)", "1"), ("Bob Ray", "2")], "1", Listed: true);
    private static readonly OwnerChoices NotListed = new([("Ann Lee (you)", "1")], "1", Listed: false);

    [Theory]
    [InlineData(true, "Input.ChoiceSet")]
    [InlineData(false, "Input.Text")]
    public void The_deal_form_picks_from_listed_owners_and_takes_an_email_otherwise(bool listed, string expectedType)
    {
        var state = new DealFormState("s1", new Dictionary<string, string?> { [DealFields.Owner] = listed ? "2" : "bob@example.com" });

        var card = DealFormCard.Build(FormHost.Inline, state, [], null, FormProblems.None, owners: listed ? Listed : NotListed);

        var input = FormCards.Input(card, DealFields.Owner);
        Assert.Equal(expectedType, input["type"]!.GetValue<string>());
        Assert.Equal(listed ? "2" : "bob@example.com", input["value"]!.GetValue<string>());
        if (!listed) Assert.Equal("email", input["style"]!.GetValue<string>());
    }

    [Theory]
    [InlineData(true, "Input.ChoiceSet")]
    [InlineData(false, "Input.Text")]
    public void The_task_form_picks_from_listed_owners_and_takes_an_email_otherwise(bool listed, string expectedType)
    {
        var state = new EngagementFormState("s1", EngagementKind.Task, new CrmRecordRef(CrmObjectType.Contacts, "1"), "Ada",
            new Dictionary<string, string?> { [EngagementFields.Assignee] = listed ? "2" : "bob@example.com" });
        var choices = new EngagementChoices(new Dictionary<string, IReadOnlyList<(string Title, string Value)>>(), listed ? Listed : NotListed);

        var card = EngagementFormCard.Build(FormHost.Dialog, state, choices, FormProblems.None);

        var input = FormCards.Input(card, EngagementFields.Assignee);
        Assert.Equal(expectedType, input["type"]!.GetValue<string>());
        Assert.Equal(listed ? "2" : "bob@example.com", input["value"]!.GetValue<string>());
    }
}
