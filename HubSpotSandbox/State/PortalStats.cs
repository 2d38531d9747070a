using System.Collections.Concurrent;

namespace HubSpotSandbox.State;

/// <summary>Request counts per endpoint kind and per response status, for tests and benchmarks.</summary>
public sealed class PortalStats
{
    private readonly ConcurrentDictionary<string, long> requests = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<int, long> statuses = new();

    public void CountRequest(string kind) => requests.AddOrUpdate(kind, 1, (_, n) => n + 1);

    public void CountStatus(int status) => statuses.AddOrUpdate(status, 1, (_, n) => n + 1);

    public IReadOnlyDictionary<string, long> Requests => new SortedDictionary<string, long>(requests, StringComparer.Ordinal);

    public IReadOnlyDictionary<string, long> Statuses =>
        new SortedDictionary<string, long>(statuses.ToDictionary(kv => kv.Key.ToString(System.Globalization.CultureInfo.InvariantCulture), kv => kv.Value), StringComparer.Ordinal);

    public void Reset()
    {
        requests.Clear();
        statuses.Clear();
    }
}
