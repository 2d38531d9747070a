namespace HubSpotTeamsBot.Webhooks;

/// <summary>
/// Receives HubSpot webhook events once they are verified, stored durably and deduplicated. The webhook layer owns
/// delivery from HubSpot (signature, queue, retries, eventId bookkeeping); the notifications feature implements this
/// to turn events into Teams cards, so the arrow points from the feature to this layer.
/// </summary>
public interface IHubSpotEventHandler
{
    /// <summary>
    /// Handles events of one portal, in the order HubSpot's <c>occurredAt</c> gives, none of them handled before.
    /// Throwing means "not handled": the webhook layer keeps the events and offers them again later, so an
    /// implementation must itself not send a card twice when it is offered an event it partly handled.
    /// </summary>
    Task HandleAsync(HubSpotEventBatch batch, CancellationToken cancellationToken);
}

/// <param name="TenantId">The Microsoft Entra tenant whose linked portal the events belong to.</param>
/// <param name="PortalId">HubSpot's portal (hub) id from the events.</param>
public sealed record HubSpotEventBatch(string TenantId, long PortalId, IReadOnlyList<HubSpotWebhookEvent> Events);
