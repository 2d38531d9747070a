namespace HubSpotSandbox.Model;

/// <summary>
/// A stored CRM object. Immutable: the store replaces the whole record on every change, so readers
/// (search, serialisation) can hold references without locks.
/// </summary>
public sealed record CrmRecord
{
    public required long Id { get; init; }
    public required CrmObjectType Type { get; init; }
    public required IReadOnlyDictionary<string, string> Properties { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    public required DateTimeOffset UpdatedAt { get; init; }
    public bool Archived { get; init; }
    public DateTimeOffset? ArchivedAt { get; init; }

    /// <summary>Associations from this record; both sides of a pair are stored.</summary>
    public IReadOnlyList<StoredAssociation> Associations { get; init; } = [];

    public string? Get(string property) => Properties.TryGetValue(property, out var value) ? value : null;
}

/// <summary>An association from the owning record to another record.</summary>
public sealed record StoredAssociation(string ToType, long ToId, int TypeId);
