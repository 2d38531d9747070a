using HubSpotTeamsBot.BotFramework.Invokes;
using HubSpotTeamsBot.BotFramework.Routing;
using HubSpotTeamsBot.BotFramework.Schema;
using HubSpotTeamsBot.Features.Common;
using HubSpotTeamsBot.HubSpot;
using HubSpotTeamsBot.Identity;
using HubSpotTeamsBot.Records;

namespace HubSpotTeamsBot.Features.MessageExtension;

/// <summary>
/// Link unfurling (docs/teams-protocol.md, "Link unfurling"): a pasted HubSpot record link of the tenant's own portal
/// becomes a record card
/// (Adaptive Card 1.3, with preview). Unfurling is passive, so anything else — another portal, an unknown id, a
/// malformed link, no role, no link, HubSpot busy — answers an empty result: no card and no error in the compose box.
/// </summary>
public sealed partial class LinkUnfurlFeature(PortalGate gate, HubSpotCrmClient crm, ChannelAudience audience, AccessGuard guard, RecordLabels labels, ILogger<LinkUnfurlFeature> logger) : IBotFeature
{
    /// <summary>"Link unfurling supports Adaptive Cards version 1.3 and earlier" (docs/teams-protocol.md, "Link unfurling").</summary>
    public const string UnfurlVersion = "1.3";

    public void MapRoutes(BotRoutes routes)
    {
        ArgumentNullException.ThrowIfNull(routes);
        routes.OnInvoke(InvokeNames.ComposeQueryLink, RouteAccess.Viewer("record.view"), UnfurlAsync);
    }

    private async Task<InvokeResponse> UnfurlAsync(TurnContext turn)
    {
        var link = RecordLink.Parse(turn.Payload<ComposeQueryLinkValue>().Url);
        if (link is null) return ComposeResults.Empty();

        var access = await gate.CheckAsync(turn, AppRole.Viewer, $"{ComposeSearchFeature.Noun(link.Type)}.view");
        if (!access.Allowed || access.Link!.PortalId != link.PortalId) return ComposeResults.Empty();
        // Passive like the rest: in a channel where record cards may not go, the link just stays a link.
        if (await audience.RefusalAsync(turn) is not null) return ComposeResults.Empty();

        CrmObject record;
        try
        {
            record = await crm.GetAsync(access.Link.TenantId, link.Type, link.Id, RecordProperties.For(link.Type), RecordProperties.Associated(link.Type), turn.CancellationToken);
        }
        catch (HubSpotException e) when (e is HubSpotNotFoundException or HubSpotRateLimitedException or HubSpotUnavailableException)
        {
            LogNoCard(logger, link.PortalId, link.Type, e.GetType().Name);
            return ComposeResults.Empty();
        }

        var labelsOf = await labels.ForAsync(access.Link.TenantId, link.Type, turn.CancellationToken);
        return ComposeResults.List([ComposeSearchFeature.ForChannel(turn, ComposeResults.ForRecord(
            access.Link, link.Type, record, labelsOf(record), await guard.HoldsAsync(turn, AppRole.Editor), UnfurlVersion, tap: false,
            contacts: await DealContactNames.ForCardAsync(crm, access.Link.TenantId, link.Type, record, logger, turn.CancellationToken)))]);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "No unfurl card for a {Type} link of portal {PortalId}: {Reason}")]
    private static partial void LogNoCard(ILogger logger, long portalId, CrmObjectType type, string reason);
}
