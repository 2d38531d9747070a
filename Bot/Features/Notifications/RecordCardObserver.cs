using System.Text.Json.Nodes;
using HubSpotTeamsBot.Records;
using HubSpotTeamsBot.BotFramework.Routing;
using HubSpotTeamsBot.BotFramework.Schema;
using HubSpotTeamsBot.Cards;
using HubSpotTeamsBot.Storage;

namespace HubSpotTeamsBot.Features.Notifications;

/// <summary>
/// Watches the messages turns post: a record card (one whose refresh has the verb <see cref="RecordCards.Verbs.Refresh"/>)
/// gets its refresh audience before it goes (the sender, when the conversation is too large for everyone), and its place
/// is remembered after Teams took it, so webhooks can update it in place. Remembering is best effort: a card not
/// remembered is still refreshed by Teams when someone looks at it, and is remembered then.
/// </summary>
public sealed class RecordCardObserver(ConversationSize size, RecordCardPlaces places, PortalLinkStore links, TimeProvider clock, ILogger<RecordCardObserver> logger)
    : IOutgoingMessageObserver
{
    public async Task OnSendingAsync(TurnContext turn, Activity message)
    {
        ArgumentNullException.ThrowIfNull(turn);
        foreach (var card in RecordCardsOf(message).Where(c => c["refresh"]?["userIds"] is null))
        {
            if (await size.IsLargeAsync(turn) && turn.Activity.From?.Id is { Length: > 0 } sender)
                card["refresh"]!["userIds"] = new JsonArray(sender);
        }
    }

    public async Task OnSentAsync(TurnContext turn, Activity message, string? activityId)
    {
        ArgumentNullException.ThrowIfNull(turn);
        if (activityId is null) return;
        foreach (var card in RecordCardsOf(message)) await RememberAsync(turn, card, activityId);
    }

    /// <summary>Remembers where a record card is shown (also used by the refresh route for cards it learns of there).</summary>
    public async Task RememberAsync(TurnContext turn, JsonObject card, string activityId)
    {
        ArgumentNullException.ThrowIfNull(turn);
        ArgumentNullException.ThrowIfNull(card);
        var data = card["refresh"]?["action"]?["data"];
        if (turn.TenantId is not { } tenant || data.Str("recordType") is not { } type || data.Str("recordId") is not { } id
            || turn.Activity.Conversation?.Id is not { } conversation || turn.Activity.ServiceUrl is not { } serviceUrl) return;
        try
        {
            if (await links.GetAsync(tenant, turn.CancellationToken) is not { } link) return;
            var userIds = card["refresh"]?["userIds"] is JsonArray named ? named.Select(n => n?.GetValue<string>()).OfType<string>().ToList() : null;
            await places.RememberAsync(new RecordCardPlace(tenant, link.PortalId, type, id, conversation, turn.Activity.Conversation.ConversationType,
                activityId, serviceUrl, userIds, clock.GetUtcNow()), turn.CancellationToken);
        }
        catch (Exception e) when (e is StorageUnavailableException or StorageConflictException)
        {
            logger.LogWarning("Could not remember where a record card was posted ({Error}); it is refreshed only when someone looks at it", e.GetType().Name);
        }
    }

    /// <summary>The Adaptive Cards of a message that are record cards.</summary>
    public static IEnumerable<JsonObject> RecordCardsOf(Activity message) =>
        (message?.Attachments ?? []).Where(a => a.ContentType == ContentTypes.AdaptiveCard).Select(a => a.Content).OfType<JsonObject>()
            .Where(c => c["refresh"]?["action"]?.Str("verb") == RecordCards.Verbs.Refresh);
}
