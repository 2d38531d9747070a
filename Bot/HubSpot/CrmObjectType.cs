namespace HubSpotTeamsBot.HubSpot;

/// <summary>The CRM object types the bot reads and writes.</summary>
public enum CrmObjectType
{
    Contacts,
    Deals,
    Notes,
    Calls,
    Meetings,
    Tasks,
}

public static class CrmObjectTypeExtensions
{
    /// <summary>The path segment and association name HubSpot uses for the type.</summary>
    public static string PathSegment(this CrmObjectType type) => type switch
    {
        CrmObjectType.Contacts => "contacts",
        CrmObjectType.Deals => "deals",
        CrmObjectType.Notes => "notes",
        CrmObjectType.Calls => "calls",
        CrmObjectType.Meetings => "meetings",
        CrmObjectType.Tasks => "tasks",
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "Unknown CRM object type."),
    };

    public static bool IsEngagement(this CrmObjectType type) =>
        type is CrmObjectType.Notes or CrmObjectType.Calls or CrmObjectType.Meetings or CrmObjectType.Tasks;
}
