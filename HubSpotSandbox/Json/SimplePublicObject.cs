using System.Text.Json.Serialization;

namespace HubSpotSandbox.Json;

/// <summary>HubSpot's SimplePublicObject(WithAssociations) response shape.</summary>
public sealed record SimplePublicObject
{
    public required string Id { get; init; }
    public required IReadOnlyDictionary<string, string?> Properties { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    public required DateTimeOffset UpdatedAt { get; init; }
    public required bool Archived { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public DateTimeOffset? ArchivedAt { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyDictionary<string, AssociationList>? Associations { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Url { get; init; }
}

public sealed record AssociationList(IReadOnlyList<AssociationRef> Results);

public sealed record AssociationRef(string Id, string Type);

/// <summary>Paging cursor: { next: { after, link } }.</summary>
public sealed record Paging(PagingNext Next);

public sealed record PagingNext(string After, string? Link);
