using HubSpotTeamsBot.BotFramework.Auth;
using HubSpotTeamsBot.BotFramework.Connector;
using HubSpotTeamsBot.BotFramework.Schema;
using HubSpotTeamsBot.HubSpot;
using HubSpotTeamsBot.Storage;
using HubSpotTeamsBot.Webhooks;

namespace HubSpotTeamsBot.Features.Notifications;

/// <summary>
/// Keeps the record cards the bot posted current: for the contacts and deals a batch of webhook events changed, it
/// reads each record once (one batch call per type, through the shared HubSpot budget) and replaces every remembered
/// card of it in place (PUT, paced by <see cref="ConversationPacer"/>); a deleted record's cards become the short
/// "deleted in HubSpot" card. A card whose message or conversation is gone is forgotten. Updates that failed for now
/// are reported as one exception after the rest were done, so the batch is offered again (a repeated PUT of the same
/// card is harmless).
/// </summary>
public sealed class RecordCardUpdater(
    RecordCardPlaces places,
    RecordCardRenderer renderer,
    PortalLinkStore links,
    ConversationPacer pacer,
    IServiceProvider services,
    TrustedServiceUrls trusted,
    ServiceUrlAllowList allowedServiceUrls,
    ILogger<RecordCardUpdater> logger)
{
    private const int PlaceLookups = 8;

    /// <summary>Updates the cards of the batch's records; returns the failures worth another try (null: none).</summary>
    public async Task<Exception?> UpdateAsync(HubSpotEventBatch batch, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var changed = batch.Events.DistinctBy(e => e.EventId).Select(RecordChange.From).OfType<RecordChange>()
            .Where(c => c.Type is CrmObjectType.Contacts or CrmObjectType.Deals)
            .GroupBy(c => (c.Type, c.RecordId))
            .Select(g => (g.Key.Type, g.Key.RecordId, Deleted: g.OrderBy(c => c.OccurredAt).Last().Kind == ChangeKind.Deleted))
            .ToList();
        if (changed.Count == 0) return null;

        // One small query per changed record (a batch holds up to 100), a few at a time so a busy batch is not held up.
        var found = new (CrmObjectType Type, string Id, bool Deleted, IReadOnlyList<RecordCardPlace> Places)[changed.Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, changed.Count), new ParallelOptions { MaxDegreeOfParallelism = PlaceLookups, CancellationToken = ct },
            async (i, token) =>
            {
                var (type, id, deleted) = changed[i];
                found[i] = (type, id, deleted, await places.ListAsync(batch.TenantId, batch.PortalId, type.PathSegment(), id, token));
            });
        var shown = found.Where(f => f.Places.Count > 0).ToList();
        if (shown.Count == 0) return null;
        if (await links.GetAsync(batch.TenantId, ct) is not { State: PortalLinkState.Linked } link || link.PortalId != batch.PortalId) return null;

        var records = new Dictionary<(CrmObjectType, string), CrmObject>();
        foreach (var group in shown.Where(s => !s.Deleted).GroupBy(s => s.Type))
        {
            foreach (var record in await renderer.ReadManyAsync(batch.TenantId, group.Key, group.Select(s => s.Id), ct))
                records[(group.Key, record.Id)] = record;
        }

        var transient = new List<Exception>();
        foreach (var (type, id, deleted, cards) in shown)
        {
            // A record missing from the batch read was deleted since (its deletion event may still be on its way).
            var record = deleted ? null : records.GetValueOrDefault((type, id));
            foreach (var place in cards)
            {
                var card = record is null
                    ? RecordCardRenderer.Deleted(type.PathSegment(), id)
                    : await renderer.CardAsync(batch.TenantId, link, type, record, readerCanEdit: true, place.RefreshUserIds,
                        string.Equals(place.ConversationType, "channel", StringComparison.OrdinalIgnoreCase), ct);
                if (await ReplaceAsync(place, card, ct) is { } failure) transient.Add(failure);
                else if (record is null) await places.ForgetAsync(place, ct);
            }
        }
        if (transient.Count == 0) return null;
        logger.LogWarning("{Failed} record card update(s) failed for now; the events will be offered again", transient.Count);
        return new AggregateException("Some record cards could not be updated yet.", transient);
    }

    /// <summary>One PUT; null when done or when the card is gone for good (then forgotten), else the failure.</summary>
    private async Task<Exception?> ReplaceAsync(RecordCardPlace place, System.Text.Json.Nodes.JsonObject card, CancellationToken ct)
    {
        if (!allowedServiceUrls.Allows(place.ServiceUrl))
        {
            logger.LogWarning("A record card's stored serviceUrl host is not an allowed Bot Connector host ({Setting}); it is not updated", ServiceUrlAllowList.Setting);
            await places.ForgetAsync(place, ct);
            return null;
        }
        // The place came from an authenticated activity and its host is allow-listed: the bot's token may go there.
        trusted.Trust(place.ServiceUrl);
        try
        {
            await pacer.WaitTurnAsync(place.TenantId, place.ConversationId, ct);
            await services.GetRequiredService<ConnectorClient>().UpdateAsync(place.ServiceUrl, place.ConversationId, place.ActivityId,
                Activity.Message(null, new Attachment { ContentType = ContentTypes.AdaptiveCard, Content = card }), ct);
            return null;
        }
        catch (Exception e) when (e is UserUnreachableException or ConnectorException { Status: 403 or 404 })
        {
            logger.LogInformation("A record card can no longer be updated ({Error}); it is forgotten", e is ConnectorException c ? $"{c.Status} {c.Code}" : "403");
            await places.ForgetAsync(place, ct);
            return null;
        }
        catch (ConnectorException e) when (e.Status is >= 400 and < 500 and not 408 and not 412 and not 429)
        {
            // Teams refused this card (not the conversation): another try would be refused the same way.
            logger.LogWarning("Teams refused a record card update ({Status} {Code})", e.Status, e.Code);
            return null;
        }
        catch (Exception e) when (!ct.IsCancellationRequested && e is HttpRequestException or ConnectorException or TimeoutException or TaskCanceledException)
        {
            return e;
        }
    }
}
