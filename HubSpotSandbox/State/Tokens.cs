namespace HubSpotSandbox.State;

/// <summary>Who a grant belongs to: the portal, the installing user and the granted scopes.</summary>
public sealed record Grant(long PortalId, string ClientId, string UserEmail, long UserId, IReadOnlyList<string> Scopes);

public sealed record AuthorizationCode(string Code, Grant Grant, string RedirectUri, DateTimeOffset ExpiresAt);

public sealed record AccessToken(string Token, Grant Grant, DateTimeOffset IssuedAt, DateTimeOffset ExpiresAt, bool Revoked = false);

public sealed record RefreshToken(string Token, Grant Grant, DateTimeOffset IssuedAt, bool Revoked = false);
