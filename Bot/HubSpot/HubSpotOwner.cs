namespace HubSpotTeamsBot.HubSpot;

/// <summary>A HubSpot owner (PublicOwner). Use <see cref="Id"/> for <c>hubspot_owner_id</c>, never <see cref="UserId"/>.</summary>
public sealed record HubSpotOwner(
    string Id,
    string? Email = null,
    string? FirstName = null,
    string? LastName = null,
    long? UserId = null,
    string? Type = null,
    bool Archived = false,
    IReadOnlyList<HubSpotOwnerTeam>? Teams = null)
{
    public string DisplayName =>
        string.Join(' ', new[] { FirstName, LastName }.Where(part => !string.IsNullOrWhiteSpace(part))) is { Length: > 0 } name
            ? name
            : Email ?? Id;
}

public sealed record HubSpotOwnerTeam(string Id, string? Name = null, bool Primary = false);
