namespace HubSpotTeamsBot.HubSpot;

/// <summary>A usable access token and the portal it belongs to (the key for rate limits and caches).</summary>
public sealed record PortalAccess(long PortalId, string AccessToken)
{
    public override string ToString() => $"PortalAccess {{ PortalId = {PortalId} }}";
}
