using System.Text.Json;
using HubSpotTeamsBot.HubSpot;
using Microsoft.AspNetCore.DataProtection;

namespace HubSpotTeamsBot.Features.Linking;

/// <summary>
/// What the OAuth callback learned, kept until the admin proves in Teams that they completed the consent
/// (docs/teams-protocol.md, "Sign-in sequence", step 6). The tokens are encrypted with Data Protection before they
/// touch storage.
/// </summary>
public sealed record PendingLink(
    long PortalId,
    string HubDomain,
    string? UiDomain,
    string? TimeZone,
    string? Currency,
    IReadOnlyList<string> Scopes,
    string AccessToken,
    string RefreshToken,
    DateTimeOffset AccessTokenExpiresAt,
    string? HubSpotUser);

public sealed class PendingLinkProtector(IDataProtectionProvider provider)
{
    private readonly IDataProtector _protector = provider.CreateProtector("HubSpotTeamsBot.PortalLink.PendingLink.v1");

    public string Protect(PendingLink link) => _protector.Protect(JsonSerializer.Serialize(link));

    public PendingLink Unprotect(string data) =>
        JsonSerializer.Deserialize<PendingLink>(_protector.Unprotect(data)) ?? throw new InvalidOperationException("Empty pending link.");

    public static PendingLink From(HubSpotTokenResponse tokens, HubSpotTokenInfo info, HubSpotAccountInfo? account, DateTimeOffset now) => new(
        info.HubId ?? tokens.HubId ?? 0,
        info.HubDomain ?? $"portal {info.HubId}",
        account?.UiDomain,
        account?.TimeZone,
        account?.CompanyCurrency,
        info.Scopes ?? tokens.Scopes ?? [],
        tokens.AccessToken,
        tokens.RefreshToken,
        now.AddSeconds(tokens.ExpiresIn),
        info.User);
}
