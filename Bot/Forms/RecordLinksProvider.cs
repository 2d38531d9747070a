using HubSpotTeamsBot.Cards;
using HubSpotTeamsBot.HubSpot;
using HubSpotTeamsBot.Records;
using HubSpotTeamsBot.Storage;

namespace HubSpotTeamsBot.Forms;

/// <summary>The tenant's portal id and UI domain for <i>Open in HubSpot</i> links.</summary>
public sealed class RecordLinksProvider(PortalLinkStore links)
{
    /// <exception cref="PortalNotLinkedException">No portal is linked for the tenant.</exception>
    public async Task<HubSpotRecordLinks> GetAsync(string tenantId, CancellationToken ct = default) =>
        await links.GetRecentAsync(tenantId, ct) is { } link
            ? HubSpotRecordLinks.From(link)
            : throw new PortalNotLinkedException(tenantId);
}
