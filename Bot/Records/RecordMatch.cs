using HubSpotTeamsBot.HubSpot;

namespace HubSpotTeamsBot.Records;

/// <summary>A contact or deal the user may have meant, with the words to show in a pick list.</summary>
public sealed record RecordMatch(CrmObjectType Type, string Id, string Title, string? Subtitle = null)
{
    public CrmRecordRef Ref => new(Type, Id);

    public static RecordMatch Contact(CrmObject contact)
    {
        var name = string.Join(' ', new[] { contact["firstname"], contact["lastname"] }.Where(s => !string.IsNullOrWhiteSpace(s)));
        return new RecordMatch(CrmObjectType.Contacts, contact.Id, name.Length > 0 ? name : contact["email"] ?? $"Contact {contact.Id}", contact["email"]);
    }

    public static RecordMatch Deal(CrmObject deal) => new(CrmObjectType.Deals, deal.Id, deal["dealname"] ?? $"Deal {deal.Id}", "Deal");
}
