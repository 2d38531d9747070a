namespace HubSpotTeamsBot.HubSpot;

/// <summary>The tenant has no linked HubSpot portal (none stored, or the link is still pending).</summary>
public sealed class PortalNotLinkedException(string tenantId)
    : Exception($"No HubSpot portal is linked for tenant {tenantId}; an admin must connect one.")
{
    public string TenantId { get; } = tenantId;
}
