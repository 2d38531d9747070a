using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace HubSpotTeamsBot.HubSpot;

/// <summary>
/// Owners, pipelines and property definitions per portal for a short time: forms read them on every open, and they
/// change rarely. Misses (including "not found") are never cached, so a new owner or stage shows up on the next ask.
/// </summary>
public sealed class HubSpotMetadataCache(IMemoryCache cache, IOptions<HubSpotOptions> options)
{
    private readonly TimeSpan _duration = options.Value.MetadataCacheDuration;

    internal async Task<T?> GetOrLoadAsync<T>(long portalId, string key, Func<Task<T?>> load)
        where T : class
    {
        var cacheKey = Key(portalId, key);
        if (cache.TryGetValue(cacheKey, out T? cached) && cached is not null)
        {
            return cached;
        }

        var loaded = await load();
        if (loaded is not null)
        {
            cache.Set(cacheKey, loaded, _duration);
        }

        return loaded;
    }

    internal void Forget(long portalId, string key) => cache.Remove(Key(portalId, key));

    private static string Key(long portalId, string key) => $"hubspot:{portalId}:{key}";
}
