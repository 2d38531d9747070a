using System.Text.Json.Nodes;
using HubSpotTeamsBot.BotFramework.Auth;
using HubSpotTeamsBot.BotFramework.Connector;
using HubSpotTeamsBot.BotFramework.Schema;
using Microsoft.Extensions.Options;
using Polly.Timeout;

namespace HubSpotTeamsBot.Features.Notifications;

/// <summary>Where a card goes: one conversation, as a subscription stored it.</summary>
public sealed record DeliveryTarget(string TenantId, string ConversationId, string? ConversationType, string ServiceUrl);

/// <summary>One change to put on a record's card: the event it came from and its line.</summary>
public sealed record CardLine(long EventId, string Line);

public enum DeliveryResult
{
    Posted,
    Updated,

    /// <summary>Every change was already on a card here (a redelivered event).</summary>
    AlreadyDelivered,

    /// <summary>Teams refused for good: the bot cannot post in the conversation any more.</summary>
    ConversationGone,

    /// <summary>Teams refused this card (not the conversation); it is not retried.</summary>
    Refused,

    /// <summary>The send's outcome is unknown (it timed out); it is not repeated, so the card may be missing.</summary>
    Unconfirmed,
}

/// <summary>The outcome of one delivery, with Teams' status and code when it refused.</summary>
public sealed record DeliveryOutcome(DeliveryResult Result, int Status = 0, string? Code = null, string? Reason = null);

/// <summary>A delivery that may succeed later (429/412/5xx after the connector's own retries): the event is offered again.</summary>
public sealed class TransientDeliveryException(string message, Exception inner) : Exception(message, inner);

/// <summary>
/// Posts or updates one record's card in one conversation, exactly once per event: the ledger row is claimed (with the
/// events it will carry) after the pacer's turn and right before the post, released again when Teams clearly refused,
/// and completed with the activity id after. Changes within the merge window update the card in place (PUT).
/// Claiming only after the pacer's turn keeps a paced backlog's waits out of the ledger: an instance that dies while
/// waiting leaves no claim, so the events are posted when offered again. The card is built and the bot's token made
/// ready before the claim, and a post Teams refuses for now (429/412/502/504) releases its claim before waiting
/// (Retry-After, or back-off with jitter) and claims again for the next attempt, so what remains between the claim's
/// write and the activity id's write is one POST round trip and one storage write. That is the remaining window, and a Teams POST is not idempotent nor can the bot ask Teams what it received:
/// an instance killed inside it leaves a claim without an activity id, whose events are never posted again (never
/// twice). If Teams had not received the card yet, those changes are missing (<c>status</c> cannot tell, since Teams
/// may have shown it); if it had, the card stands but its id is unknown, so the record's next change in that
/// conversation posts a new card instead of updating it. NotificationKillTests measures how often a kill lands there.
/// </summary>
public sealed class CardDelivery(
    DeliveryLedger ledger,
    ConversationPacer pacer,
    IServiceProvider services,
    TrustedServiceUrls trusted,
    ServiceUrlAllowList allowedServiceUrls,
    IOptions<NotificationOptions> options,
    TimeProvider clock,
    ILogger<CardDelivery> logger)
{
    private const int MaxRaces = 5;
    private const int MaxWaits = 40;

    /// <summary>Posts refused with 429/412/502/504 tried again here (each with its own claim) before the batch is offered again.</summary>
    private const int MaxPostRetries = 3;
    private static readonly TimeSpan WaitStep = TimeSpan.FromMilliseconds(250);

    /// <summary>How long a claimed post without an activity id counts as still under way (after that, its instance died).</summary>
    private static readonly TimeSpan PostingGrace = TimeSpan.FromSeconds(10);

    // One delivery per card row at a time in this instance; other instances are kept out by the row's ETag.
    private readonly SemaphoreSlim[] _stripes = Enumerable.Range(0, 256).Select(_ => new SemaphoreSlim(1, 1)).ToArray();

    public async Task<DeliveryOutcome> DeliverAsync(DeliveryTarget target, string recordType, string recordId, IReadOnlyList<CardLine> lines,
        Func<CardEntry, JsonObject> buildCard, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(lines);
        ArgumentNullException.ThrowIfNull(buildCard);
        if (!allowedServiceUrls.Allows(target.ServiceUrl))
            return new DeliveryOutcome(DeliveryResult.Refused, 0, "ServiceUrlNotAllowed", $"the stored serviceUrl host is not an allowed Bot Connector host ({ServiceUrlAllowList.Setting})");
        // The reference came from an authenticated activity and its host is allow-listed: the bot's token may go there.
        trusted.Trust(target.ServiceUrl);

        var stripe = _stripes[(int)((uint)StringComparer.Ordinal.GetHashCode(target.ConversationId + "|" + recordType + "|" + recordId) % _stripes.Length)];
        await stripe.WaitAsync(ct);
        try
        {
            var waits = 0;
            var retries = 0;
            var turn = false;
            for (var race = 0; race < MaxRaces; race++)
            {
                var entry = await ledger.GetCardAsync(target.TenantId, target.ConversationId, recordType, recordId, ct);
                var known = entry?.EventIds.ToHashSet() ?? [];
                var fresh = lines.Where(l => !known.Contains(l.EventId)).DistinctBy(l => l.EventId).ToList();
                if (fresh.Count == 0) return new DeliveryOutcome(DeliveryResult.AlreadyDelivered);

                if (entry is { ActivityId: null, ChangeCount: > 0 } && clock.GetUtcNow() - entry.WindowStart < PostingGrace && waits++ < MaxWaits)
                {
                    // Another instance is posting this record's card right now (this instance's own posts hold the stripe):
                    // wait for its activity id and update that card rather than posting a second one beside it.
                    race--;
                    await Task.Delay(WaitStep, clock, ct);
                    continue;
                }
                if (!turn)
                {
                    // The turn comes before any claim (a backlog's wait can be long, and an instance may die in it).
                    // The row is read again after the wait: another instance may have delivered these events meanwhile.
                    await pacer.WaitTurnAsync(target.TenantId, target.ConversationId, ct);
                    turn = true;
                    race--;
                    continue;
                }
                var open = entry is { ActivityId: not null } && clock.GetUtcNow() - entry.WindowStart < options.Value.MergeWindow;
                DeliveryOutcome? outcome;
                try
                {
                    outcome = open
                        ? await UpdateAsync(target, entry!, fresh, buildCard, ct)
                        : await PostAsync(target, entry, recordType, recordId, fresh, buildCard, ct);
                }
                catch (PostRefusedForNow refused) when (retries++ < MaxPostRetries)
                {
                    // Teams did not take the post and its claim is released: wait as it asked (or back off, with
                    // jitter), then take a new turn and read the row again. No claim is held while waiting.
                    await Task.Delay(refused.RetryAfter ?? Backoff(retries), clock, ct);
                    turn = false;
                    race--;
                    continue;
                }
                catch (PostRefusedForNow refused)
                {
                    throw new TransientDeliveryException($"Teams did not take the notification card ({Describe(refused.Refusal)}); it will be offered again.", refused.Refusal);
                }
                if (outcome is not null) return outcome;
                // Another instance changed the row between our read and write: read again. The turn may have been
                // spent on a send already, so the next attempt takes a new one.
                turn = false;
            }
            throw new TransientDeliveryException("The card's ledger row kept changing under this delivery.", new InvalidOperationException("ledger race"));
        }
        finally
        {
            stripe.Release();
        }
    }

    /// <summary>
    /// Replaces a posted card (e.g. with "deleted in HubSpot"), once per event: the event joins the row's events, so a
    /// redelivered deletion does not update the card again.
    /// </summary>
    public async Task<DeliveryOutcome> ReplaceAsync(CardEntry card, string? conversationType, string serviceUrl, long eventId, JsonObject replacement, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(card);
        if (card.EventIds.Contains(eventId)) return new DeliveryOutcome(DeliveryResult.AlreadyDelivered);
        if (!allowedServiceUrls.Allows(serviceUrl))
            return new DeliveryOutcome(DeliveryResult.Refused, 0, "ServiceUrlNotAllowed", $"the stored serviceUrl host is not an allowed Bot Connector host ({ServiceUrlAllowList.Setting})");
        trusted.Trust(serviceUrl);
        try
        {
            await pacer.WaitTurnAsync(card.TenantId, card.ConversationId, ct);
            await Connector().UpdateAsync(serviceUrl, card.ConversationId, card.ActivityId!, Message(replacement), ct);
        }
        catch (Exception e) when (!ct.IsCancellationRequested && Classify(e) is { } failure)
        {
            return failure;
        }
        catch (Exception e) when (e is HttpRequestException or ConnectorException)
        {
            throw new TransientDeliveryException($"Teams did not take the card update ({Describe(e)}); it will be offered again.", e);
        }
        // Closing the merge window: a later change to a record of the same id starts a new card.
        await ledger.TrySaveCardAsync(card with { EventIds = card.EventIds.Append(eventId).ToList(), WindowStart = DateTimeOffset.MinValue }, ct);
        return new DeliveryOutcome(DeliveryResult.Updated);
    }

    private async Task<DeliveryOutcome?> UpdateAsync(DeliveryTarget target, CardEntry entry, List<CardLine> fresh, Func<CardEntry, JsonObject> buildCard, CancellationToken ct)
    {
        var updated = entry with
        {
            Lines = entry.Lines.Concat(fresh.Select(f => f.Line)).TakeLast(DeliveryLedger.ShownLines).ToList(),
            ChangeCount = entry.ChangeCount + fresh.Count,
            EventIds = entry.EventIds.Concat(fresh.Select(f => f.EventId)).ToList(),
        };
        try
        {
            await Connector().UpdateAsync(target.ServiceUrl, target.ConversationId, entry.ActivityId!, Message(buildCard(updated)), ct);
        }
        catch (ConnectorException e) when (e.Status == 404 && !IsConversationGone(e))
        {
            // The card was deleted in Teams: start a new one, on a turn of its own (the refused update was a send too).
            logger.LogInformation("A notification card to update was gone ({Code}); posting a new one", e.Code);
            await pacer.WaitTurnAsync(target.TenantId, target.ConversationId, ct);
            return await PostAsync(target, entry, entry.RecordType, entry.RecordId, fresh, buildCard, ct);
        }
        catch (Exception e) when (!ct.IsCancellationRequested && Classify(e) is { } failure)
        {
            // A refused update changed nothing; an unconfirmed one may have: then its events count as delivered.
            return failure.Result == DeliveryResult.Unconfirmed ? await SaveAsync(updated, failure) : failure;
        }
        catch (Exception e) when (e is HttpRequestException or ConnectorException)
        {
            // The ledger still lacks these events, so the next offer updates the card again.
            throw new TransientDeliveryException($"Teams did not take the card update ({Describe(e)}); it will be offered again.", e);
        }
        return await ledger.TrySaveCardAsync(updated, ct) is null ? null : new DeliveryOutcome(DeliveryResult.Updated);
    }

    private async Task<DeliveryOutcome?> PostAsync(DeliveryTarget target, CardEntry? previous, string recordType, string recordId, List<CardLine> fresh,
        Func<CardEntry, JsonObject> buildCard, CancellationToken ct)
    {
        var claim = new CardEntry
        {
            TenantId = target.TenantId,
            ConversationId = target.ConversationId,
            RecordType = recordType,
            RecordId = recordId,
            ActivityId = null,
            WindowStart = clock.GetUtcNow(),
            Lines = fresh.Select(f => f.Line).TakeLast(DeliveryLedger.ShownLines).ToList(),
            ChangeCount = fresh.Count,
            // Earlier windows' events stay remembered, so a late redelivery of one of them is still recognised.
            EventIds = (previous?.EventIds ?? []).Concat(fresh.Select(f => f.EventId)).ToList(),
            ETag = previous?.ETag,
        };
        // Whatever can fail or wait before the POST happens before the claim: the card is built (a card that cannot be
        // built must not leave its events claimed as delivered) and the bot's token is at hand (the first send after a
        // start would otherwise fetch it between claim and POST).
        var message = Message(buildCard(claim));
        var connector = Connector();
        await connector.PrepareAsync(target.ServiceUrl, ct);
        var claimed = await ledger.TrySaveCardAsync(claim, ct);
        if (claimed is null) return null;
        var released = previous is null ? claimed with { EventIds = [], Lines = [], ChangeCount = 0 } : previous with { ETag = claimed.ETag };

        // The caller already holds the pacer's turn: between claim and send there is only the POST round trip.
        ResourceResponse posted;
        try
        {
            // Without the connector's own retries: a retry's wait would otherwise be spent holding the claim.
            posted = await connector.SendWithoutRetriesAsync(target.ServiceUrl, target.ConversationId, message, ct);
        }
        catch (ConnectorException e) when (e.Status is 429 or 412 or 502 or 504)
        {
            // Refused for now (a 502/504 from a gateway is taken as not delivered, as the connector's retries took it):
            // release the claim; DeliverAsync waits and posts again with a new claim.
            await ledger.TrySaveCardAsync(released, CancellationToken.None);
            throw new PostRefusedForNow(e);
        }
        catch (Exception e) when (!ct.IsCancellationRequested && Classify(e) is { } failure)
        {
            if (failure.Result == DeliveryResult.Unconfirmed) return failure;
            // The conversation is gone: release the claim, so that the events are not counted as delivered there. A
            // card Teams refused stays claimed: offering it again would only be refused again.
            if (failure.Result != DeliveryResult.Refused) await ledger.TrySaveCardAsync(released, CancellationToken.None);
            return failure;
        }
        catch (Exception e) when (e is HttpRequestException or ConnectorException)
        {
            // Teams clearly did not take the card: release the claim so the events are delivered when offered again.
            await ledger.TrySaveCardAsync(released, CancellationToken.None);
            throw new TransientDeliveryException($"Teams did not take the notification card ({Describe(e)}); it will be offered again.", e);
        }

        // Completing the claim: a race here only loses the activity id (the next change then posts a new card).
        if (await ledger.TrySaveCardAsync(claimed with { ActivityId = posted?.Id }, CancellationToken.None) is null)
            logger.LogInformation("The ledger row of a posted notification card changed before its activity id was recorded");
        return new DeliveryOutcome(DeliveryResult.Posted);
    }

    private async Task<DeliveryOutcome> SaveAsync(CardEntry updated, DeliveryOutcome failure)
    {
        await ledger.TrySaveCardAsync(updated, CancellationToken.None);
        return failure;
    }

    /// <summary>Refusals for good and unknown outcomes; null for failures worth another try (those throw on).</summary>
    private static DeliveryOutcome? Classify(Exception e) => e switch
    {
        UserUnreachableException u => new DeliveryOutcome(DeliveryResult.ConversationGone, 403, u.Code ?? "MessageWritesBlocked", "the user blocked or removed the bot"),
        ConnectorException { Status: 403 } c => new DeliveryOutcome(DeliveryResult.ConversationGone, 403, c.Code, "the bot may no longer post in this conversation (removed from the team or chat)"),
        ConnectorException c when IsConversationGone(c) => new DeliveryOutcome(DeliveryResult.ConversationGone, c.Status, c.Code, "the conversation no longer exists for the bot"),
        ConnectorException { Status: >= 400 and < 500 and not 408 and not 412 and not 429 } c => new DeliveryOutcome(DeliveryResult.Refused, c.Status, c.Code, "Teams refused the card"),
        TimeoutRejectedException or TaskCanceledException => new DeliveryOutcome(DeliveryResult.Unconfirmed, 0, "Timeout", "Teams did not answer in time; the card may or may not have arrived"),
        _ => null,
    };

    private static bool IsConversationGone(ConnectorException e) =>
        e.Status == 404 && (e.Code is null || string.Equals(e.Code, "ConversationNotFound", StringComparison.OrdinalIgnoreCase));

    private static TimeSpan Backoff(int attempt) =>
        TimeSpan.FromMilliseconds(250 * Math.Pow(2, attempt - 1) * (0.8 + Random.Shared.NextDouble() * 0.4));

    /// <summary>A post Teams refused for now (429/412/502/504); its claim is already released.</summary>
    private sealed class PostRefusedForNow(ConnectorException refusal) : Exception(refusal.Message, refusal)
    {
        public ConnectorException Refusal { get; } = refusal;

        public TimeSpan? RetryAfter { get; } = refusal.RetryAfter is { } wait && wait > TimeSpan.Zero ? wait : null;
    }

    private static string Describe(Exception e) => e is ConnectorException c ? $"{c.Status} {c.Code}" : e.GetType().Name;

    private static Activity Message(JsonObject card) => Activity.Message(null, new Attachment { ContentType = ContentTypes.AdaptiveCard, Content = card });

    // A typed HttpClient is transient: take a fresh one per send rather than holding one forever.
    private ConnectorClient Connector() => services.GetRequiredService<ConnectorClient>();
}
