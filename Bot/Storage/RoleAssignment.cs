namespace HubSpotTeamsBot.Storage;

/// <summary>A role granted to a user or an Entra group within one tenant.</summary>
public sealed record RoleAssignment
{
    public required string TenantId { get; init; }

    /// <summary>Entra object id of the user or group.</summary>
    public required string PrincipalId { get; init; }

    public required PrincipalKind Kind { get; init; }

    /// <summary>User name/UPN or group display name.</summary>
    public string? DisplayName { get; init; }

    /// <summary>"Admin" | "Editor" | "Viewer" (parsed by Identity).</summary>
    public required string Role { get; init; }

    public required string GrantedByAadObjectId { get; init; }
    public string? GrantedByName { get; init; }
    public required DateTimeOffset GrantedAt { get; init; }
    public string? ETag { get; init; }
}
