using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace HubSpotSandbox.State;

/// <summary>Authorization codes, access tokens and refresh tokens of every portal.</summary>
public sealed class TokenStore(TimeProvider time)
{
    private readonly ConcurrentDictionary<string, AuthorizationCode> codes = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, AccessToken> accessTokens = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, RefreshToken> refreshTokens = new(StringComparer.Ordinal);

    public AuthorizationCode IssueCode(Grant grant, string redirectUri, TimeSpan lifetime)
    {
        var code = new AuthorizationCode(Guid.NewGuid().ToString(), grant, redirectUri, time.GetUtcNow() + lifetime);
        codes[code.Code] = code;
        return code;
    }

    /// <summary>Takes the code out of the store, so a second redemption fails; null when unknown or expired.</summary>
    public AuthorizationCode? RedeemCode(string code) =>
        codes.TryRemove(code, out var found) && found.ExpiresAt > time.GetUtcNow() ? found : null;

    public RefreshToken IssueRefresh(Grant grant)
    {
        // HubSpot refresh tokens look like "na1-xxxx-xxxx-...": a hublet prefix and a uuid.
        var token = new RefreshToken($"na1-{Guid.NewGuid()}", grant, time.GetUtcNow());
        refreshTokens[token.Token] = token;
        return token;
    }

    public AccessToken IssueAccess(Grant grant, TimeSpan lifetime)
    {
        var now = time.GetUtcNow();
        var token = new AccessToken($"sbx-na1-{Base64Url(RandomNumberGenerator.GetBytes(48))}", grant, now, now + lifetime);
        accessTokens[token.Token] = token;
        return token;
    }

    public AccessToken? FindAccess(string token) => accessTokens.GetValueOrDefault(token);

    public RefreshToken? FindRefresh(string token) => refreshTokens.GetValueOrDefault(token);

    public bool RevokeRefresh(string token)
    {
        if (!refreshTokens.TryGetValue(token, out var found) || found.Revoked)
        {
            return false;
        }

        // Atomic, so of two refreshes racing with the same token under rotation exactly one wins, as at HubSpot.
        return refreshTokens.TryUpdate(token, found with { Revoked = true }, found);
    }

    public int RevokeRefreshTokensOf(long portalId) =>
        Change(refreshTokens, t => t.Grant.PortalId == portalId && !t.Revoked, t => t with { Revoked = true });

    public int RevokeAccessTokensOf(long portalId) =>
        Change(accessTokens, t => t.Grant.PortalId == portalId && !t.Revoked, t => t with { Revoked = true });

    /// <summary>Makes live access tokens expire now, so the next call gets 401 EXPIRED_AUTHENTICATION.</summary>
    public int ExpireAccessTokensOf(long portalId)
    {
        var now = time.GetUtcNow();
        return Change(accessTokens, t => t.Grant.PortalId == portalId && t.ExpiresAt > now, t => t with { ExpiresAt = now.AddSeconds(-1) });
    }

    private static int Change<T>(ConcurrentDictionary<string, T> tokens, Func<T, bool> match, Func<T, T> change)
    {
        var count = 0;
        foreach (var (key, value) in tokens)
        {
            if (match(value) && tokens.TryUpdate(key, change(value), value))
            {
                count++;
            }
        }

        return count;
    }

    private static string Base64Url(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
