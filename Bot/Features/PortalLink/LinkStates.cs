using System.Security.Cryptography;

namespace HubSpotTeamsBot.Features.PortalLink;

/// <summary>
/// The opaque values of the link flow. The OAuth <c>state</c> carries the tenant id in front so the callback (which
/// knows nothing else) can find the pending sign-in in that tenant's partition; the random part makes it unguessable.
/// The verification code is short because people may have to type it.
/// </summary>
internal static class LinkStates
{
    public static string NewOAuthState(string tenantId) => $"{tenantId}.{RandomNumberGenerator.GetHexString(32, lowercase: true)}";

    public static string? TenantOf(string? state) =>
        state is { Length: > 40 } && state.IndexOf('.', StringComparison.Ordinal) is var dot and > 0 ? state[..dot] : null;

    public static string NewVerificationCode() => RandomNumberGenerator.GetInt32(0, 1_000_000).ToString("D6", System.Globalization.CultureInfo.InvariantCulture);

    public static string VerificationKey(string code) => $"verify-{code}";

    public static bool LooksLikeCode(string text) => text.Length == 6 && text.All(char.IsAsciiDigit);
}
