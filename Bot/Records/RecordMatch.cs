using HubSpotTeamsBot.HubSpot;

namespace HubSpotTeamsBot.Records;

/// <summary>A contact or deal the user may have meant, with the words to show in a pick list.</summary>
public sealed record RecordMatch(CrmObjectType Type, string Id, string Title, string? Subtitle = null)
{
    public CrmRecordRef Ref => new(Type, Id);

    public static RecordMatch Contact(CrmObject contact) =>
        new(CrmObjectType.Contacts, contact.Id, RecordNames.Contact(contact), contact["email"]);

    public static RecordMatch Deal(CrmObject deal) => new(CrmObjectType.Deals, deal.Id, RecordNames.Deal(deal), "Deal");

    public static RecordMatch From(FoundRecord found)
    {
        ArgumentNullException.ThrowIfNull(found);
        return found.Type == CrmObjectType.Deals ? Deal(found.Record) : Contact(found.Record);
    }
}
