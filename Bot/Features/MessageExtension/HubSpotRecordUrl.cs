using System.Globalization;
using HubSpotTeamsBot.HubSpot;

namespace HubSpotTeamsBot.Features.MessageExtension;

/// <summary>Where a record opens in HubSpot: the portal's UI domain (app-eu1… for EU portals), portal id, object type id.</summary>
public static class HubSpotRecordUrl
{
    public static string For(string? uiDomain, long portalId, CrmObjectType type, string id) =>
        string.Create(CultureInfo.InvariantCulture,
            $"https://{(string.IsNullOrWhiteSpace(uiDomain) ? "app.hubspot.com" : uiDomain)}/contacts/{portalId}/record/{(type == CrmObjectType.Deals ? "0-3" : "0-1")}/{Uri.EscapeDataString(id)}");
}
