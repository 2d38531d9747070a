using System.Text.Json.Nodes;
using HubSpotTeamsBot.Features.Contacts;
using HubSpotTeamsBot.Forms;

namespace Bot.Tests.Features.Contacts;

public sealed class ContactFormTests
{
    private static readonly ContactFormState NewContact = new("s-1", new Dictionary<string, string?>());

    private static IEnumerable<JsonObject> InputsOf(JsonObject card) =>
        card["body"]!.AsArray().OfType<JsonObject>().Where(e => e["id"] is not null);

    [Fact]
    public void Someone_without_a_HubSpot_owner_and_a_portal_without_lead_statuses_get_no_empty_choice_set()
    {
        var card = ContactForm.Build(FormHost.Inline, NewContact, new ContactFormOptions([("Lead", "lead")], [], [], null));

        var ids = InputsOf(card).Select(input => input["id"]!.GetValue<string>()).ToList();
        Assert.DoesNotContain(ContactFields.Owner, ids);
        Assert.Contains(ContactFields.LifecycleStage, ids);
        Assert.All(InputsOf(card).Where(i => i["type"]!.GetValue<string>() == "Input.ChoiceSet"),
            choice => Assert.NotEmpty(choice["choices"]!.AsArray()));
    }

    [Fact]
    public void Someone_with_a_HubSpot_owner_can_pick_the_owner()
    {
        var card = ContactForm.Build(FormHost.Inline, NewContact, new ContactFormOptions([("Lead", "lead")], [], [("Ada (you)", "7")], null));

        var owner = Assert.Single(InputsOf(card), input => input["id"]!.GetValue<string>() == ContactFields.Owner);
        Assert.Equal("7", owner["choices"]![0]!["value"]!.GetValue<string>());
    }
}
