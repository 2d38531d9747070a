namespace HubSpotTeamsBot.HubSpot;

/// <summary>HubSpot-defined association type ids (category HUBSPOT_DEFINED) for the pairs the bot creates.</summary>
public static class HubSpotAssociationTypes
{
    public const string HubSpotDefinedCategory = "HUBSPOT_DEFINED";

    private static readonly Dictionary<(CrmObjectType From, CrmObjectType To), int> Ids = new()
    {
        [(CrmObjectType.Deals, CrmObjectType.Contacts)] = 3,
        [(CrmObjectType.Contacts, CrmObjectType.Deals)] = 4,
        [(CrmObjectType.Notes, CrmObjectType.Contacts)] = 202,
        [(CrmObjectType.Notes, CrmObjectType.Deals)] = 214,
        [(CrmObjectType.Tasks, CrmObjectType.Contacts)] = 204,
        [(CrmObjectType.Tasks, CrmObjectType.Deals)] = 216,
        [(CrmObjectType.Calls, CrmObjectType.Contacts)] = 194,
        [(CrmObjectType.Calls, CrmObjectType.Deals)] = 206,
        [(CrmObjectType.Meetings, CrmObjectType.Contacts)] = 200,
        [(CrmObjectType.Meetings, CrmObjectType.Deals)] = 212,
    };

    public static int For(CrmObjectType from, CrmObjectType to) =>
        Ids.TryGetValue((from, to), out var id)
            ? id
            : throw new ArgumentException($"No HubSpot-defined association from {from.PathSegment()} to {to.PathSegment()} is configured.", nameof(to));
}
