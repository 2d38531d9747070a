using System.Collections.Concurrent;

namespace HubSpotSandbox.State;

/// <summary>Every portal of the sandbox, plus counters that belong to no portal (e.g. token calls with a bad client).</summary>
public sealed class SandboxState
{
    private readonly ConcurrentDictionary<long, Portal> portals = new();
    private long nextPortalId = 30_000_001;

    public PortalStats UnattributedStats { get; } = new();

    public IReadOnlyList<Portal> Portals => portals.Values.OrderBy(p => p.Id).ToList();

    public Portal? Find(long id) => portals.GetValueOrDefault(id);

    public void Add(Portal portal)
    {
        ArgumentNullException.ThrowIfNull(portal);
        if (!portals.TryAdd(portal.Id, portal))
        {
            throw new InvalidOperationException($"Portal {portal.Id} exists already.");
        }
    }

    public long NextPortalId() => Interlocked.Increment(ref nextPortalId);
}
