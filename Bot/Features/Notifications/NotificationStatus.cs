using System.Globalization;
using System.Text.Json.Nodes;
using HubSpotTeamsBot.BotFramework.Routing;
using HubSpotTeamsBot.Cards;
using HubSpotTeamsBot.Features.Common;
using HubSpotTeamsBot.Identity;
using HubSpotTeamsBot.Storage;
using HubSpotTeamsBot.Webhooks;

namespace HubSpotTeamsBot.Features.Notifications;

/// <summary>
/// The notifications' part of <c>status</c>, for admins only: subscriptions, the ones disabled because Teams refused
/// the bot, failed deliveries of the last 24 hours with their reasons, and the webhook layer's received-event figures.
/// </summary>
public sealed class NotificationStatus(NotificationSubscriptionStore store, DeliveryLedger ledger, Authorizer authorizer, PortalLinkStore links,
    WebhookReceipts receipts, TimeProvider clock) : IStatusSection
{
    private const int ShownFailures = 5;

    public async Task<IReadOnlyList<JsonNode>> BuildAsync(TurnContext turn)
    {
        ArgumentNullException.ThrowIfNull(turn);
        var who = turn.Who();
        if (string.IsNullOrWhiteSpace(who.TenantId) || string.IsNullOrWhiteSpace(who.AadObjectId)) return [];
        // Asked without the guard: a non-admin asking for status is not a refusal worth an audit row, they simply see less.
        if (!(await authorizer.RequireAsync(who, AppRole.Admin, turn.CancellationToken)).Allowed) return [];
        var all = await store.ListAsync(who.TenantId, turn.CancellationToken);
        var failures = await ledger.ListFailuresAsync(who.TenantId, clock.GetUtcNow().AddHours(-24), 100, turn.CancellationToken);
        var parts = Parts(all, failures);
        if (await links.GetAsync(who.TenantId, turn.CancellationToken) is { } link)
        {
            // The webhook layer's figures are counted per instance (in memory): this instance's view since it started.
            var received = receipts.Portal(link.PortalId);
            parts.Insert(1, Cards.Card.Facts(
                ("Last HubSpot event received", received.LastReceivedAt?.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture) ?? "none since this instance started"),
                ("Events in the last 24 h", received.EventsLast24Hours.ToString(CultureInfo.InvariantCulture)),
                ("Webhook batches failed (24 h)", received.FailedLast24Hours.ToString(CultureInfo.InvariantCulture))));
        }
        return [new JsonObject { ["type"] = "Container", ["separator"] = true, ["items"] = new JsonArray(parts.ToArray()) }];
    }

    public static List<JsonNode> Parts(IReadOnlyList<NotificationSubscription> all, IReadOnlyList<DeliveryFailure> failures)
    {
        ArgumentNullException.ThrowIfNull(all);
        ArgumentNullException.ThrowIfNull(failures);
        var active = all.Where(s => s.IsActive).ToList();
        var disabled = all.Where(s => !s.IsActive).ToList();
        var body = new List<JsonNode>
        {
            Cards.Card.Heading("🔔 Notifications"),
            Cards.Card.Facts(
                ("Active subscriptions", $"{active.Count} ({active.Count(s => s.Kind != SubscriptionKind.Personal)} in channels or group chats, {active.Count(s => s.Kind == SubscriptionKind.Personal)} personal)"),
                ("Disabled", disabled.Count.ToString(CultureInfo.InvariantCulture)),
                ("Failed deliveries (24 h)", failures.Count >= 100 ? "100 or more" : failures.Count.ToString(CultureInfo.InvariantCulture))),
        };
        foreach (var s in disabled.OrderByDescending(s => s.DisabledAt).Take(ShownFailures))
            body.Add(Cards.Card.Text($"⚠️ Disabled {s.DisabledAt!.Value.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture)}: {s.Kind} subscription by {CardText.Literal(s.CreatedByName ?? "someone")} in a {CardText.Literal(s.ConversationType ?? "conversation")} — {CardText.Literal(s.DisabledReason)}", subtle: true));
        foreach (var f in failures.Take(ShownFailures))
            body.Add(Cards.Card.Text($"❌ {f.At.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture)} in a {CardText.Literal(f.ConversationType ?? "conversation")}: {CardText.Literal(f.Reason)}" + (f.Status > 0 ? $" ({f.Status} {CardText.Literal(f.Code)})" : string.Empty), subtle: true));
        return body;
    }
}
