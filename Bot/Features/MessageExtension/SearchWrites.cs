using System.Collections.Concurrent;
using HubSpotTeamsBot.HubSpot;

namespace HubSpotTeamsBot.Features.MessageExtension;

/// <summary>
/// What the bot itself wrote to HubSpot lately, per tenant and type, so search answers never show a record as it was
/// before the bot changed it: a write retires every cached answer of that tenant and type (a new generation), and the
/// written values are laid over answers for a while, because HubSpot's search index takes a few seconds to catch up
/// and a fresh search may still return the old values or miss a new record.
/// </summary>
public sealed class SearchWrites(TimeProvider clock) : ICrmWriteObserver
{
    /// <summary>How long written values are laid over answers: longer than HubSpot's index lag, bounded per scope.</summary>
    internal static readonly TimeSpan Remembered = TimeSpan.FromMinutes(2);
    private const int MaxRemembered = 200;

    private readonly ConcurrentDictionary<(string Tenant, CrmObjectType Type), Scope> _scopes = new();

    public void Written(string tenantId, CrmObjectType type, string id, IReadOnlyDictionary<string, string> properties, bool created)
    {
        if (type != CrmObjectType.Contacts && type != CrmObjectType.Deals) return;
        var scope = _scopes.GetOrAdd((tenantId, type), _ => new Scope());
        lock (scope)
        {
            Interlocked.Increment(ref scope.Generation);
            scope.Writes.RemoveAll(w => w.Id == id && !w.Created);
            var earlier = scope.Writes.Find(w => w.Id == id);
            var merged = new Dictionary<string, string?>(earlier?.Properties ?? new Dictionary<string, string?>());
            foreach (var (name, value) in properties) merged[name] = value.Length == 0 ? null : value;
            scope.Writes.RemoveAll(w => w.Id == id);
            scope.Writes.Add(new Write(id, merged, created || earlier?.Created == true, clock.GetUtcNow()));
            if (scope.Writes.Count > MaxRemembered) scope.Writes.RemoveAt(0);
        }
    }

    /// <summary>Changes whenever the bot writes a record of this tenant and type; part of every cache key.</summary>
    public long Generation(string tenantId, CrmObjectType type) =>
        _scopes.TryGetValue((tenantId, type), out var scope) ? Interlocked.Read(ref scope.Generation) : 0;

    /// <summary>
    /// The answer's records with the bot's recent writes laid over them: changed records carry the new values, records
    /// that no longer match leave, new records that match join at the top.
    /// </summary>
    public IReadOnlyList<CrmObject> Overlay(string tenantId, CrmObjectType type, IReadOnlyList<CrmObject> results, IReadOnlyList<string> terms)
    {
        if (!_scopes.TryGetValue((tenantId, type), out var scope)) return results;
        List<Write> writes;
        lock (scope)
        {
            var since = clock.GetUtcNow() - Remembered;
            scope.Writes.RemoveAll(w => w.At < since);
            if (scope.Writes.Count == 0) return results;
            writes = [.. scope.Writes];
        }

        var byId = writes.ToDictionary(w => w.Id);
        var overlaid = results.Select(r => byId.TryGetValue(r.Id, out var w) ? With(r, w) : r)
            .Where(r => !byId.ContainsKey(r.Id) || SearchMatch.Matches(type, r, terms));
        var known = results.Select(r => r.Id).ToHashSet();
        var added = writes.Where(w => w.Created && !known.Contains(w.Id))
            .Select(w => new CrmObject(w.Id, w.Properties))
            .Where(r => SearchMatch.Matches(type, r, terms))
            .Reverse();
        return [.. added, .. overlaid];
    }

    private static CrmObject With(CrmObject record, Write write)
    {
        var properties = new Dictionary<string, string?>(record.Properties);
        foreach (var (name, value) in write.Properties) properties[name] = value;
        return record with { Properties = properties };
    }

    private sealed class Scope
    {
        public long Generation;
        public readonly List<Write> Writes = [];
    }

    private sealed record Write(string Id, IReadOnlyDictionary<string, string?> Properties, bool Created, DateTimeOffset At);
}
