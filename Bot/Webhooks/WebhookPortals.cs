using System.Globalization;
using HubSpotTeamsBot.Storage;
using Microsoft.Extensions.Options;

namespace HubSpotTeamsBot.Webhooks;

/// <summary>
/// portalId → the tenants that linked it. The endpoint asks for every batch, so its answers are kept for
/// Storage:RecentReadTtl (a portal linked a moment ago may be refused for that long; HubSpot sends the batch again).
/// The worker reads afresh, so a portal unlinked since the batch was accepted gets nothing delivered.
/// </summary>
public sealed class WebhookPortals
{
    private readonly PortalLinkStore _links;
    private readonly RecentReads<IReadOnlyList<string>> _recent;

    internal WebhookPortals(PortalLinkStore links, IOptions<StorageOptions> storage, TimeProvider time)
    {
        _links = links;
        _recent = new(storage.Value.RecentReadTtl, time);
    }

    public Task<IReadOnlyList<string>> TenantsRecentAsync(long portalId, CancellationToken ct) =>
        _recent.GetOrReadAsync(portalId.ToString(CultureInfo.InvariantCulture), () => _links.FindTenantsByPortalAsync(portalId, ct));

    public Task<IReadOnlyList<string>> TenantsAsync(long portalId, CancellationToken ct) => _links.FindTenantsByPortalAsync(portalId, ct);
}
