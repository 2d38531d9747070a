using HubSpotTeamsBot.HubSpot;
using HubSpotTeamsBot.Records;

namespace Bot.Tests.Records;

/// <summary>One display name per record, used by cards, pick lists, search results and confirmations alike.</summary>
public sealed class RecordNamesTests
{
    private static CrmObject Record(string id, params (string Name, string? Value)[] properties) =>
        new(id, properties.ToDictionary(p => p.Name, p => p.Value));

    [Fact]
    public void A_contact_is_named_by_its_name_else_its_email_else_its_id()
    {
        Assert.Equal("Ada Lovelace", RecordNames.Contact(Record("1", ("firstname", "Ada"), ("lastname", "Lovelace"), ("email", "ada@example.com"))));
        Assert.Equal("Lovelace", RecordNames.Contact(Record("1", ("firstname", " "), ("lastname", "Lovelace"))));
        Assert.Equal("ada@example.com", RecordNames.Contact(Record("1", ("email", "ada@example.com"))));
        Assert.Equal("Contact 7", RecordNames.Contact(Record("7", ("email", "  "))));
    }

    [Fact]
    public void Every_place_showing_a_contact_uses_the_same_name()
    {
        var contact = Record("9", ("email", "grace@example.com"));
        var links = new HubSpotRecordLinks(1);

        Assert.Equal("grace@example.com", RecordMatch.Contact(contact).Title);
        Assert.Equal("grace@example.com", RecordSummary.ForContact(contact).Title);
        Assert.Equal("grace@example.com", RecordResolver.Title(CrmObjectType.Contacts, contact));
        Assert.Contains("grace@example.com", RecordCards.Contact(contact, links).ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_deal_is_named_by_its_name_else_its_id_and_choice_values_round_trip()
    {
        Assert.Equal("Acme renewal", RecordNames.Deal(Record("3", ("dealname", "Acme renewal"))));
        Assert.Equal("Deal 3", RecordNames.Deal(Record("3", ("dealname", ""))));
        Assert.Equal((CrmObjectType.Deals, "45"), RecordResolver.ParseChoice(RecordResolver.ChoiceValue(CrmObjectType.Deals, "45")));
        Assert.Null(RecordResolver.ParseChoice("deal:4x"));
        Assert.Null(RecordResolver.ParseChoice("company:4"));
    }
}
