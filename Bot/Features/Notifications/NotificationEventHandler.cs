using System.Globalization;
using HubSpotTeamsBot.Cards;
using HubSpotTeamsBot.Features.Common;
using HubSpotTeamsBot.HubSpot;
using HubSpotTeamsBot.Records;
using HubSpotTeamsBot.Storage;
using HubSpotTeamsBot.Webhooks;

namespace HubSpotTeamsBot.Features.Notifications;

/// <summary>
/// Turns a batch of HubSpot events into cards: reads the changed records in one batch call per object type (through
/// the HubSpot client, so the portal's shared budget applies), matches the tenant's subscriptions, and delivers one card
/// per conversation and record (<see cref="CardDelivery"/>: exactly once per event, merged within the window, paced).
/// Deliveries that may succeed later make the whole batch fail so the webhook layer offers it again; what was already
/// delivered is then recognised by the ledger. Conversations Teams refuses for good have their subscriptions disabled
/// and admins told.
/// </summary>
public sealed class NotificationEventHandler(
    NotificationSubscriptionStore subscriptions,
    DeliveryLedger ledger,
    CardDelivery delivery,
    HubSpotCrmClient crm,
    PortalLinkStore links,
    AdminAlerts alerts,
    RecordCardUpdater recordCards,
    TimeProvider clock,
    ILogger<NotificationEventHandler> logger) : IHubSpotEventHandler
{
    private static readonly Dictionary<CrmObjectType, string[]> Properties = new Dictionary<CrmObjectType, string[]>
    {
        [CrmObjectType.Deals] = ["dealname", "amount", "deal_currency_code", "dealstage", "pipeline", "hubspot_owner_id", "closedate"],
        [CrmObjectType.Contacts] = ["firstname", "lastname", "email", "company", "lifecyclestage", "hubspot_owner_id"],
        [CrmObjectType.Tasks] = ["hs_task_subject", "hs_task_status", "hs_task_priority", "hs_timestamp", "hubspot_owner_id"],
    };

    public async Task HandleAsync(HubSpotEventBatch batch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        // Record cards posted by commands and forms are kept current whether or not anyone subscribed to the change.
        var recordCardsFailure = await recordCards.UpdateAsync(batch, cancellationToken);
        await NotifyAsync(batch, cancellationToken);
        if (recordCardsFailure is not null) throw recordCardsFailure;
    }

    private async Task NotifyAsync(HubSpotEventBatch batch, CancellationToken cancellationToken)
    {
        var ct = cancellationToken;
        var all = await subscriptions.ListAsync(batch.TenantId, ct);
        await ReplaceDeletedAsync(batch, all, ct);
        var active = all.Where(s => s.IsActive).ToList();
        if (active.Count == 0) return;
        var changes = batch.Events.DistinctBy(e => e.EventId).Select(RecordChange.From).OfType<RecordChange>()
            .Where(c => c.Kind is ChangeKind.Created or ChangeKind.StageChanged or ChangeKind.OwnerChanged)
            .OrderBy(c => c.Event.OccurredAt).ToList();
        if (changes.Count == 0) return;
        var link = await links.GetAsync(batch.TenantId, ct);
        if (link is null || link.PortalId != batch.PortalId)
        {
            logger.LogWarning("Dropping {Count} HubSpot events: portal {PortalId} is not the tenant's linked portal", changes.Count, batch.PortalId);
            return;
        }

        var records = new Dictionary<(CrmObjectType, string), CrmObject>();
        foreach (var group in changes.GroupBy(c => c.Type))
        {
            foreach (var record in await crm.BatchReadAsync(batch.TenantId, group.Key, group.Select(c => c.RecordId), Properties[group.Key], ct))
                records[(group.Key, record.Id)] = record;
        }
        var labels = await NotificationLabels.LoadAsync(crm, batch.TenantId, ct);
        var authors = await ChangeAuthors.LoadAsync(crm, batch.TenantId, changes.Select(c => c.Event), logger, ct);
        var previousStages = await PreviousStagesAsync(batch.TenantId, changes, records, ct);
        var recordLinks = HubSpotRecordLinks.From(link);
        // A card is read by a whole channel, so times are in the portal's zone (HubSpot's account setting), said by name.
        var zone = ReaderTimeZone.FromId(link.TimeZone);

        var deliveries = new Dictionary<(string Conversation, CrmObjectType Type, string Id), (DeliveryTarget Target, List<CardLine> Lines)>();
        foreach (var change in changes)
        {
            var record = records.GetValueOrDefault((change.Type, change.RecordId));
            var line = new CardLine(change.Event.EventId, ChangeLine(change, labels, authors, previousStages.GetValueOrDefault(change.Event.EventId), zone));
            foreach (var subscription in active.Where(s => SubscriptionMatcher.Matches(s, change, record)))
            {
                var key = (subscription.ConversationId, change.Type, change.RecordId);
                if (!deliveries.TryGetValue(key, out var found))
                {
                    found = (new DeliveryTarget(batch.TenantId, subscription.ConversationId, subscription.ConversationType, subscription.ServiceUrl), []);
                    deliveries[key] = found;
                }
                // Two subscriptions of one conversation matching the same change still make one line.
                if (!found.Lines.Any(l => l.EventId == line.EventId)) found.Lines.Add(line);
            }
        }

        var results = await Task.WhenAll(deliveries.Select(async d =>
        {
            var (target, lines) = d.Value;
            var record = records[(d.Key.Type, d.Key.Id)];
            try
            {
                var outcome = await delivery.DeliverAsync(target, d.Key.Type.PathSegment(), d.Key.Id, lines,
                    entry => NotificationCards.Notification(d.Key.Type, record, entry, recordLinks, labels, link.Currency), ct);
                return (Target: target, Outcome: (DeliveryOutcome?)outcome, Error: (Exception?)null);
            }
            catch (TransientDeliveryException e)
            {
                return (Target: target, Outcome: (DeliveryOutcome?)null, Error: (Exception?)e);
            }
        }));

        await RecordFailuresAsync(batch.TenantId, results.Where(r => r.Outcome is not null).Select(r => (r.Target, r.Outcome!)).ToList(), ct);
        var transient = results.Where(r => r.Error is not null).Select(r => r.Error!).ToList();
        if (transient.Count > 0)
        {
            logger.LogWarning("{Failed} of {Total} notification deliveries failed for now; the events will be offered again", transient.Count, results.Length);
            throw new AggregateException("Some notification cards could not be delivered yet.", transient);
        }
    }

    /// <summary>Cards the bot posted for records now deleted in HubSpot become a short "deleted in HubSpot" card.</summary>
    private async Task ReplaceDeletedAsync(HubSpotEventBatch batch, IReadOnlyList<NotificationSubscription> all, CancellationToken ct)
    {
        var deletions = batch.Events.DistinctBy(e => e.EventId).Select(RecordChange.From).OfType<RecordChange>().Where(c => c.Kind == ChangeKind.Deleted).ToList();
        if (deletions.Count == 0) return;
        var transient = new List<Exception>();
        ChangeAuthors? authors = null;
        foreach (var deletion in deletions)
        {
            foreach (var card in await ledger.ListCardsOfRecordAsync(batch.TenantId, deletion.Type.PathSegment(), deletion.RecordId, ct))
            {
                // Names are read only once a card is to be replaced: a deletion nobody saw costs no HubSpot call.
                authors ??= await ChangeAuthors.LoadAsync(crm, batch.TenantId, deletions.Select(d => d.Event), logger, ct);
                // Only where the bot may still post: a subscription of that conversation is still active.
                if (all.FirstOrDefault(s => s.ConversationId == card.ConversationId && s.IsActive) is not { } subscription) continue;
                var when = $"{CardDates.Moment(deletion.OccurredAt)}, {authors.Describe(deletion.Event)}";
                try
                {
                    var outcome = await delivery.ReplaceAsync(card, subscription.ConversationType, subscription.ServiceUrl, deletion.Event.EventId,
                        NotificationCards.Deleted(deletion.Type.PathSegment(), deletion.RecordId, when), ct);
                    await RecordFailuresAsync(batch.TenantId, [(new DeliveryTarget(batch.TenantId, card.ConversationId, subscription.ConversationType, subscription.ServiceUrl), outcome)], ct);
                }
                catch (TransientDeliveryException e)
                {
                    transient.Add(e);
                }
            }
        }
        if (transient.Count > 0) throw new AggregateException("Some cards of deleted records could not be updated yet.", transient);
    }

    /// <summary>For each stage change, the stage the deal was in before it (webhooks carry only the new one).</summary>
    private async Task<Dictionary<long, string?>> PreviousStagesAsync(string tenantId, List<RecordChange> changes,
        Dictionary<(CrmObjectType, string), CrmObject> records, CancellationToken ct)
    {
        var previous = new Dictionary<long, string?>();
        var byDeal = changes.Where(c => c.Type == CrmObjectType.Deals && (c.Kind == ChangeKind.StageChanged || c.Kind == ChangeKind.Created)).GroupBy(c => c.RecordId);
        foreach (var deal in byDeal)
        {
            var seen = deal.Select(c => (c.OccurredAt, Stage: c.Kind == ChangeKind.StageChanged ? c.NewValue : records.GetValueOrDefault((CrmObjectType.Deals, c.RecordId))?["dealstage"]))
                .Where(s => s.Stage is not null).Select(s => (s.OccurredAt, s.Stage!)).ToList();
            var history = await ledger.RecordStagesAsync(tenantId, deal.Key, seen, ct);
            foreach (var change in deal.Where(c => c.Kind == ChangeKind.StageChanged))
                previous[change.Event.EventId] = history.Where(h => h.At < change.OccurredAt).Select(h => h.Stage).LastOrDefault();
        }
        return previous;
    }

    /// <summary>What changed, who changed it and when, as one card line; outside text shown literally.</summary>
    private static string ChangeLine(RecordChange change, NotificationLabels labels, ChangeAuthors authors, string? previousStage, TimeZoneInfo zone)
    {
        var what = (change.Type, change.Kind) switch
        {
            (CrmObjectType.Deals, ChangeKind.StageChanged) => previousStage is null || previousStage == change.NewValue
                ? $"**Stage:** entered {CardText.Literal(labels.Stage(change.NewValue))}"
                : $"**Stage:** {CardText.Literal(labels.Stage(previousStage))} → {CardText.Literal(labels.Stage(change.NewValue))}",
            (CrmObjectType.Deals, ChangeKind.Created) => "**New deal**",
            (CrmObjectType.Contacts, ChangeKind.Created) => "**New contact**",
            (CrmObjectType.Tasks, ChangeKind.Created) => "**New task**",
            (_, ChangeKind.OwnerChanged) => $"**Owner:** now {CardText.Literal(labels.Owner(change.NewValue))}",
            _ => "**Changed**",
        };
        var local = TimeZoneInfo.ConvertTime(change.OccurredAt, zone);
        var when = local.ToString("d MMM yyyy HH:mm", CultureInfo.InvariantCulture) + " " + ReaderTimeZone.Name(zone);
        return $"{what} · {authors.Describe(change.Event)} · {when}";
    }

    private async Task RecordFailuresAsync(string tenantId, IReadOnlyList<(DeliveryTarget Target, DeliveryOutcome Outcome)> outcomes, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        foreach (var (target, outcome) in outcomes.Where(o => o.Outcome.Result is DeliveryResult.Refused or DeliveryResult.Unconfirmed))
        {
            logger.LogWarning("A notification card was not delivered: {Result} {Status} {Code}", outcome.Result, outcome.Status, outcome.Code);
            await ledger.AddFailureAsync(tenantId, new DeliveryFailure(now, target.ConversationId, target.ConversationType, outcome.Status, outcome.Code, outcome.Reason ?? outcome.Result.ToString()), ct);
        }
        foreach (var gone in outcomes.Where(o => o.Outcome.Result == DeliveryResult.ConversationGone).GroupBy(o => o.Target.ConversationId))
        {
            var (target, outcome) = gone.First();
            var reason = $"{outcome.Reason} ({outcome.Status} {outcome.Code})";
            var disabled = await subscriptions.DisableConversationAsync(tenantId, target.ConversationId, reason, now, ct);
            // Only the delivery that disabled them reports it; a concurrent one that lost the race stays quiet.
            if (disabled.Count == 0) continue;
            logger.LogWarning("Teams refused the bot in a conversation ({Status} {Code}); {Count} notification subscription(s) disabled", outcome.Status, outcome.Code, disabled.Count);
            await ledger.AddFailureAsync(tenantId, new DeliveryFailure(now, target.ConversationId, target.ConversationType, outcome.Status, outcome.Code, reason), ct);
            await alerts.SubscriptionsDisabledAsync(tenantId, disabled, reason, ct);
        }
    }
}
