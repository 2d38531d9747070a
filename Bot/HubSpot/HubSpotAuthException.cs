namespace HubSpotTeamsBot.HubSpot;

/// <summary>401/403 or an OAuth error (<see cref="OAuthError"/>, e.g. invalid_grant, with HubSpot's legacy status).</summary>
public sealed class HubSpotAuthException(string message, int statusCode, string? category, string? correlationId, string? oauthError = null, string? oauthStatus = null)
    : HubSpotException(message, statusCode, category, correlationId)
{
    public string? OAuthError { get; } = oauthError;

    /// <summary>HubSpot's legacy status, e.g. BAD_REFRESH_TOKEN.</summary>
    public string? OAuthStatus { get; } = oauthStatus;

    /// <summary>The refresh token (or code) is invalid, expired or revoked: retrying will not help.</summary>
    public bool IsInvalidGrant =>
        string.Equals(OAuthError, "invalid_grant", StringComparison.Ordinal)
        || string.Equals(OAuthStatus, "BAD_REFRESH_TOKEN", StringComparison.Ordinal);
}
