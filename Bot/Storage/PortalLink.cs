namespace HubSpotTeamsBot.Storage;

/// <summary>One per Teams tenant. Tokens are plaintext in this record; the store encrypts them before writing.</summary>
public sealed record PortalLink
{
    public required string TenantId { get; init; }
    public required long PortalId { get; init; }

    /// <summary>From token introspection (hub_domain).</summary>
    public required string HubDomain { get; init; }

    /// <summary>From account info (uiDomain), e.g. app.hubspot.com / app-eu1.hubspot.com.</summary>
    public string? UiDomain { get; init; }

    public string? TimeZone { get; init; }
    public string? Currency { get; init; }
    public IReadOnlyList<string> Scopes { get; init; } = [];
    public required string LinkedByAadObjectId { get; init; }
    public string? LinkedByName { get; init; }
    public required DateTimeOffset LinkedAt { get; init; }
    public required PortalLinkState State { get; init; }
    public required string AccessToken { get; init; }
    public required string RefreshToken { get; init; }
    public required DateTimeOffset AccessTokenExpiresAt { get; init; }
    public DateTimeOffset? LastRefreshedAt { get; init; }
    public string? BrokenReason { get; init; }

    /// <summary>Null: not stored yet.</summary>
    public string? ETag { get; init; }

    // Keeps tokens out of logs and exception messages that format the record.
    public override string ToString() =>
        $"PortalLink {{ TenantId = {TenantId}, PortalId = {PortalId}, HubDomain = {HubDomain}, State = {State} }}";
}
