using HubSpotTeamsBot.Storage;

namespace Bot.Tests.Storage;

/// <summary>Sample portal links for tests.</summary>
internal static class PortalLinks
{
    public static PortalLink New(string tenantId, string accessToken = "access-token-plain", string refreshToken = "refresh-token-plain") => new()
    {
        TenantId = tenantId,
        PortalId = 4_123_456_789_012,
        HubDomain = "example.hubspot.com",
        UiDomain = "app-eu1.hubspot.com",
        TimeZone = "Europe/Berlin",
        Currency = "EUR",
        Scopes = ["crm.objects.contacts.read", "crm.objects.contacts.write", "oauth"],
        LinkedByAadObjectId = "admin-" + tenantId,
        LinkedByName = "Ada Admin",
        LinkedAt = new DateTimeOffset(2026, 11, 29, 10, 15, 30, 123, TimeSpan.FromHours(1)),
        State = PortalLinkState.Linked,
        AccessToken = accessToken,
        RefreshToken = refreshToken,
        AccessTokenExpiresAt = new DateTimeOffset(2026, 11, 29, 10, 45, 30, TimeSpan.Zero),
        LastRefreshedAt = null,
    };
}
