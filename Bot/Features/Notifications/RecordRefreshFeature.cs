using System.Text.Json.Nodes;
using HubSpotTeamsBot.Records;
using HubSpotTeamsBot.BotFramework.Invokes;
using HubSpotTeamsBot.BotFramework.Routing;
using HubSpotTeamsBot.BotFramework.Schema;
using HubSpotTeamsBot.Cards;
using HubSpotTeamsBot.Features.Common;
using HubSpotTeamsBot.HubSpot;
using HubSpotTeamsBot.Identity;
using HubSpotTeamsBot.Storage;

namespace HubSpotTeamsBot.Features.Notifications;

/// <summary>
/// A record card's refresh: Teams sends adaptiveCard/action with the verb <see cref="RecordCards.Verbs.Refresh"/> when
/// someone looks at the card (or presses Refresh), and gets the card as the record is in HubSpot now. The router checks
/// the Viewer role before this runs, so no CRM data is read for someone without it; a channel where records may not be
/// shown gets the reason instead. The card's place is remembered, so a webhook's change updates it for everyone.
/// </summary>
public sealed class RecordRefreshFeature(
    RecordCardRenderer renderer,
    RecordCardObserver observer,
    ConversationSize size,
    ChannelAudience audience,
    AccessGuard access,
    PortalLinkStore links) : IBotFeature
{
    public const string Action = "record.refresh";

    public void MapRoutes(BotRoutes routes) =>
        routes.OnInvoke(InvokeNames.AdaptiveCardAction, RecordCards.Verbs.Refresh, RouteAccess.Viewer(Action), RefreshAsync);

    private async Task<InvokeResponse> RefreshAsync(TurnContext turn)
    {
        var data = turn.Payload<AdaptiveCardActionValue>().Action?.Data;
        var recordType = CardData.Text(data, "recordType");
        var recordId = CardData.Text(data, "recordId");
        if (RecordCardRenderer.TypeOf(recordType) is not { } type || !RecordId.IsValid(recordId))
            return Error(400, "BadRequest", "The card's refresh needs recordType (contacts or deals) and a numeric recordId.");
        if (await audience.RefusalAsync(turn) is { } refusal) return InvokeResponse.CardMessage(refusal);
        if (turn.TenantId is not { } tenant || await links.GetAsync(tenant, turn.CancellationToken) is not { State: PortalLinkState.Linked } link)
            return InvokeResponse.CardMessage("HubSpot is not connected for your organization, so this card can't show current values.");

        var record = await renderer.ReadAsync(tenant, type, recordId!, turn.CancellationToken);
        if (record is null) return InvokeResponse.Card(RecordCardRenderer.Deleted(recordType!, recordId!));
        var userIds = await size.IsLargeAsync(turn) && turn.Activity.From?.Id is { Length: > 0 } sender ? new[] { sender } : null;
        var card = await renderer.CardAsync(tenant, link, type, record, await access.HoldsAsync(turn, AppRole.Editor), userIds,
            ChannelAudience.IsChannel(turn.Activity), turn.CancellationToken);
        // The invoke names the message it came from: a card posted as an earlier invoke's answer is remembered here.
        if (turn.Activity.ReplyToId is { Length: > 0 } activityId) await observer.RememberAsync(turn, card, activityId);
        return InvokeResponse.Card(card);
    }

    private static InvokeResponse Error(int status, string code, string message) => InvokeResponse.Ok(new JsonObject
    {
        ["statusCode"] = status,
        ["type"] = "application/vnd.microsoft.error",
        ["value"] = new JsonObject { ["code"] = code, ["message"] = message },
    });
}
