namespace HubSpotTeamsBot.HubSpot;

/// <summary>A CRM record as HubSpot returns it (SimplePublicObject); every property value is a string or null.</summary>
public sealed record CrmObject(
    string Id,
    IReadOnlyDictionary<string, string?> Properties,
    DateTimeOffset? CreatedAt = null,
    DateTimeOffset? UpdatedAt = null,
    bool Archived = false,
    string? Url = null,
    DateTimeOffset? ArchivedAt = null,
    IReadOnlyDictionary<string, CrmAssociationList>? Associations = null)
{
    /// <summary>The value of a property, or null when it is unset or was not requested.</summary>
    public string? this[string propertyName] => Properties.TryGetValue(propertyName, out var value) ? value : null;
}

/// <summary>Associated records of one type, as returned when reading with <c>associations=</c>.</summary>
public sealed record CrmAssociationList(IReadOnlyList<CrmAssociatedRecord> Results);

public sealed record CrmAssociatedRecord(string Id, string? Type = null);
