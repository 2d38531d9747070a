using HubSpotTeamsBot.HubSpot;

namespace HubSpotTeamsBot.Records;

/// <summary>
/// How the bot names a record everywhere it shows one (cards, pick lists, search results, confirmations), and the
/// nouns "contact" / "deal" its choice values, audit entries and sentences use.
/// </summary>
public static class RecordNames
{
    /// <summary>"First Last", else the email, else "Contact {id}".</summary>
    public static string Contact(CrmObject contact)
    {
        ArgumentNullException.ThrowIfNull(contact);
        var name = string.Join(' ', new[] { contact["firstname"], contact["lastname"] }.Where(p => !string.IsNullOrWhiteSpace(p)));
        if (name.Length > 0) return name;
        return contact["email"] is { } email && !string.IsNullOrWhiteSpace(email) ? email : $"Contact {contact.Id}";
    }

    /// <summary>The deal's name, else "Deal {id}".</summary>
    public static string Deal(CrmObject deal)
    {
        ArgumentNullException.ThrowIfNull(deal);
        return deal["dealname"] is { } name && !string.IsNullOrWhiteSpace(name) ? name : $"Deal {deal.Id}";
    }

    public static string Title(CrmObjectType type, CrmObject record) => type == CrmObjectType.Deals ? Deal(record) : Contact(record);

    public static string Noun(CrmObjectType type) => type == CrmObjectType.Deals ? "deal" : "contact";

    /// <summary>The record type a noun names ("contact", "deal", any case); null for anything else.</summary>
    public static CrmObjectType? ParseNoun(string? noun) => noun?.ToLowerInvariant() switch
    {
        "contact" => CrmObjectType.Contacts,
        "deal" => CrmObjectType.Deals,
        _ => null,
    };
}
