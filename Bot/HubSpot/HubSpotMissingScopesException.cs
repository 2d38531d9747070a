namespace HubSpotTeamsBot.HubSpot;

/// <summary>403 because the portal's install lacks scopes; an admin must reconnect granting <see cref="MissingScopes"/>.</summary>
public sealed class HubSpotMissingScopesException(string message, IReadOnlyList<string> missingScopes, string? category, string? correlationId)
    : HubSpotException(message, 403, category, correlationId)
{
    public IReadOnlyList<string> MissingScopes { get; } = missingScopes;
}
