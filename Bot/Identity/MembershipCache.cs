using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace HubSpotTeamsBot.Identity;

/// <summary>Directory answers reused for Roles:MembershipCacheDuration so a burst of role checks costs one Graph call.
/// Freshness is judged with the injected TimeProvider (testable without sleeping); IMemoryCache's own expiry only
/// frees the memory. Failures are never cached, so an outage ends as soon as Graph answers again.</summary>
public sealed class MembershipCache(DirectoryClient directory, IMemoryCache cache, TimeProvider time, IOptions<RolesOptions> options)
{
    private readonly TimeSpan duration = options.Value.MembershipCacheDuration;

    public Task<DirectoryUser?> GetUserAsync(string userId, CancellationToken ct = default) =>
        GetOrLoadAsync($"identity:user:{userId}", token => directory.GetUserAsync(userId, token), ct);

    public Task<IReadOnlySet<string>> GetTransitiveGroupIdsAsync(string userId, CancellationToken ct = default) =>
        GetOrLoadAsync($"identity:groups:{userId}", token => directory.GetTransitiveGroupIdsAsync(userId, token), ct);

    public Task<DirectoryRoleMembers> GetDirectoryRoleMembersAsync(string roleTemplateId, CancellationToken ct = default) =>
        GetOrLoadAsync($"identity:directory-role:{roleTemplateId}", token => directory.GetDirectoryRoleMembersAsync(roleTemplateId, token), ct);

    private async Task<T> GetOrLoadAsync<T>(string key, Func<CancellationToken, Task<T>> load, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        if (cache.TryGetValue(key, out Entry<T>? entry) && entry is not null && now < entry.FreshUntil)
        {
            return entry.Value;
        }

        var value = await load(ct);
        cache.Set(key, new Entry<T>(value, time.GetUtcNow() + duration), new MemoryCacheEntryOptions
        {
            AbsoluteExpirationRelativeToNow = duration,
            Size = 1,
        });
        return value;
    }

    // A wrapper so "no such user" (null) is cached like any other answer.
    private sealed record Entry<T>(T Value, DateTimeOffset FreshUntil);
}
