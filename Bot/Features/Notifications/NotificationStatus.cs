using System.Globalization;
using System.Text.Json.Nodes;
using HubSpotTeamsBot.BotFramework.Routing;
using HubSpotTeamsBot.Cards;
using HubSpotTeamsBot.Features.Common;
using HubSpotTeamsBot.Identity;

namespace HubSpotTeamsBot.Features.Notifications;

/// <summary>
/// The notifications' part of <c>status</c>, for admins only: subscriptions, the ones disabled because Teams refused
/// the bot, and failed deliveries of the last 24 hours with their reasons.
/// </summary>
public sealed class NotificationStatus(NotificationSubscriptionStore store, DeliveryLedger ledger, Authorizer authorizer, TimeProvider clock) : IStatusSection
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
        return [new JsonObject { ["type"] = "Container", ["separator"] = true, ["items"] = new JsonArray(Parts(all, failures).ToArray()) }];
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
