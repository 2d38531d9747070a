namespace HubSpotTeamsBot.Storage;

/// <summary>
/// What a store read recently, kept for <see cref="StorageOptions.RecentReadTtl"/>, for the reads every turn makes
/// (the role check's grants, the portal token's link): without it each turn paid those storage round trips, which
/// measured as most of a cached compose search's cost. Writes through the same store forget the key at once; writes
/// by other instances show once the entry expires. A read racing a write never caches the value it read before the
/// write (a version per key).
/// </summary>
internal sealed class RecentReads<T>(TimeSpan ttl, TimeProvider time)
{
    private readonly Lock gate = new();
    private readonly Dictionary<string, (T Value, DateTimeOffset Expires)> entries = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> versions = new(StringComparer.Ordinal);

    public async Task<T> GetOrReadAsync(string key, Func<Task<T>> read)
    {
        ArgumentNullException.ThrowIfNull(read);
        if (ttl <= TimeSpan.Zero) return await read();

        long version;
        lock (gate)
        {
            if (entries.TryGetValue(key, out var entry) && entry.Expires > time.GetUtcNow()) return entry.Value;
            version = versions.GetValueOrDefault(key);
        }

        var value = await read();
        lock (gate)
        {
            if (versions.GetValueOrDefault(key) == version) entries[key] = (value, time.GetUtcNow() + ttl);
        }
        return value;
    }

    public void Forget(string key)
    {
        lock (gate)
        {
            entries.Remove(key);
            versions[key] = versions.GetValueOrDefault(key) + 1;
        }
    }
}
