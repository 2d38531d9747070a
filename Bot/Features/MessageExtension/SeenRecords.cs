using System.Collections.Concurrent;
using HubSpotTeamsBot.HubSpot;

namespace HubSpotTeamsBot.Features.MessageExtension;

/// <summary>
/// A bounded index of the records HubSpot's search answers returned lately, per tenant and type. When HubSpot is busy
/// and no shorter text's answer is known, its matches are what the bot can show at once instead of "still searching".
/// Entries older than the search cache's lifetime are not used, so it shows nothing the cache would not.
/// </summary>
public sealed class SeenRecords(TimeProvider clock)
{
    internal const int Capacity = 5000;

    private readonly ConcurrentDictionary<(string Tenant, CrmObjectType Type), Dictionary<string, Seen>> _indexes = new();

    public void Add(string tenantId, CrmObjectType type, IReadOnlyList<CrmObject> records)
    {
        ArgumentNullException.ThrowIfNull(records);
        var index = _indexes.GetOrAdd((tenantId, type), _ => []);
        var now = clock.GetUtcNow();
        lock (index)
        {
            foreach (var record in records) index[record.Id] = new Seen(record, now);
            if (index.Count <= Capacity) return;
            // Over the bound: forget the oldest tenth in one go rather than one at a time.
            foreach (var old in index.Values.OrderBy(s => s.At).Take(index.Count - Capacity + (Capacity / 10)).ToList()) index.Remove(old.Record.Id);
        }
    }

    /// <summary>Records seen within <paramref name="maxAge"/> that match the terms, most recently seen first.</summary>
    public List<CrmObject> Matching(string tenantId, CrmObjectType type, IReadOnlyList<string> terms, TimeSpan maxAge)
    {
        if (!_indexes.TryGetValue((tenantId, type), out var index)) return [];
        var since = clock.GetUtcNow() - maxAge;
        lock (index)
        {
            return index.Values.Where(s => s.At >= since && SearchMatch.Matches(type, s.Record, terms))
                .OrderByDescending(s => s.At).Select(s => s.Record).ToList();
        }
    }

    private sealed record Seen(CrmObject Record, DateTimeOffset At);
}
