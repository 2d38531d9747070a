namespace HubSpotTeamsBot.HubSpot;

/// <summary>HubSpot refused the portal's refresh token (revoked, uninstalled); an admin must reconnect.</summary>
public sealed class PortalLinkBrokenException(string tenantId, string? reason)
    : Exception($"The HubSpot link of tenant {tenantId} is broken ({reason ?? "refresh refused"}); an admin must reconnect the portal.")
{
    public string TenantId { get; } = tenantId;

    public string? Reason { get; } = reason;
}
