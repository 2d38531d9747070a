using HubSpotTeamsBot.HubSpot;

namespace HubSpotTeamsBot.Records;

/// <summary>The HubSpot properties the compose box reads and shows, per record type.</summary>
public static class RecordProperties
{
    public static readonly IReadOnlyList<string> Contact =
        ["firstname", "lastname", "email", "company", "jobtitle", "phone", "lifecyclestage", "hs_lead_status", "lastmodifieddate"];

    public static readonly IReadOnlyList<string> Deal =
        ["dealname", "dealstage", "pipeline", "amount", "deal_currency_code", "closedate", "hs_lastmodifieddate"];

    public static IReadOnlyList<string> For(CrmObjectType type) => type == CrmObjectType.Deals ? Deal : Contact;

    /// <summary>What a single record's card also reads: a deal's contacts (named on its card).</summary>
    public static IReadOnlyList<CrmObjectType> Associated(CrmObjectType type) => type == CrmObjectType.Deals ? [CrmObjectType.Contacts] : [];

    /// <summary>HubSpot names the last-modified property differently for contacts and deals.</summary>
    public static string ModifiedDate(CrmObjectType type) => type == CrmObjectType.Deals ? "hs_lastmodifieddate" : "lastmodifieddate";
}
