using System.Collections.Concurrent;

namespace HubSpotSandbox.State;

/// <summary>An authorize request waiting for the user's decision on the consent page.</summary>
public sealed record PendingAuthorization(
    string Id, string ClientId, string RedirectUri, string? State,
    IReadOnlyList<string> RequiredScopes, IReadOnlyList<string> OptionalScopes, long? PinnedPortalId, DateTimeOffset ExpiresAt);

/// <summary>
/// Keeps the validated authorize parameters server-side, so the consent form posts only an id and the decision
/// and cannot widen the scopes or change the redirect.
/// </summary>
public sealed class PendingAuthorizations(TimeProvider time)
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(15);
    private readonly ConcurrentDictionary<string, PendingAuthorization> pending = new(StringComparer.Ordinal);

    public PendingAuthorization Add(string clientId, string redirectUri, string? state, IReadOnlyList<string> required, IReadOnlyList<string> optional, long? pinnedPortalId)
    {
        var now = time.GetUtcNow();
        foreach (var (key, value) in pending)
        {
            if (value.ExpiresAt <= now)
            {
                pending.TryRemove(key, out _);
            }
        }

        var request = new PendingAuthorization(Guid.NewGuid().ToString("N"), clientId, redirectUri, state, required, optional, pinnedPortalId, now + Lifetime);
        pending[request.Id] = request;
        return request;
    }

    public PendingAuthorization? Take(string id) =>
        pending.TryRemove(id, out var found) && found.ExpiresAt > time.GetUtcNow() ? found : null;
}
