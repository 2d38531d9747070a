namespace HubSpotSandbox.Model;

/// <summary>HubSpot's PublicOwner (docs/hubspot-api.md, "Owners").</summary>
public sealed record Owner
{
    public required string Id { get; init; }
    public required string Email { get; init; }
    public required string FirstName { get; init; }
    public required string LastName { get; init; }
    public required long UserId { get; init; }
    public required long UserIdIncludingInactive { get; init; }
    public string Type { get; init; } = "PERSON";
    public IReadOnlyList<OwnerTeam> Teams { get; init; } = [];
    public bool Archived { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    public required DateTimeOffset UpdatedAt { get; init; }
}

public sealed record OwnerTeam(string Id, string Name, bool Primary);
