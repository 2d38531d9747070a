using HubSpotTeamsBot.HubSpot;

namespace HubSpotTeamsBot.Features.Common;

/// <summary>One wording for records in the audit log: "contact 1486", "deal 77", "note 9" — never "contacts 1486".</summary>
public static class AuditNouns
{
    /// <summary>The singular noun for a HubSpot object type or its path segment ("contacts" → "contact").</summary>
    public static string? Singular(string? type) => type?.ToLowerInvariant() switch
    {
        null => null,
        "contacts" => "contact",
        "deals" => "deal",
        "notes" => "note",
        "calls" => "call",
        "meetings" => "meeting",
        "tasks" => "task",
        "companies" => "company",
        { } other => other,
    };

    public static string Record(CrmObjectType type, string id) => $"{Singular(type.PathSegment())} {id}";

    public static string Record(string type, string id) => $"{Singular(type)} {id}";

    /// <summary>"changed amount, dealstage": the properties that really changed, in a stable order.</summary>
    public static string Changed(IEnumerable<string> properties) => "changed " + string.Join(", ", properties.Order(StringComparer.Ordinal));
}
