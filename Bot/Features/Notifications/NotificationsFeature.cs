using System.Globalization;
using HubSpotTeamsBot.BotFramework.Invokes;
using HubSpotTeamsBot.BotFramework.Routing;
using HubSpotTeamsBot.BotFramework.Schema;
using HubSpotTeamsBot.Cards;
using HubSpotTeamsBot.Features.Common;
using HubSpotTeamsBot.HubSpot;
using HubSpotTeamsBot.Identity;

namespace HubSpotTeamsBot.Features.Notifications;

/// <summary>
/// <c>notify deals</c>, <c>notify contacts</c>, <c>notify list</c> and <c>notify me</c>: subscriptions managed from Teams.
/// Channel and group-chat subscriptions need a role that may write (Editor or Admin), since they decide what a whole
/// conversation sees; anyone with a role may subscribe to their own records. Every change is audited.
/// </summary>
public sealed class NotificationsFeature(
    NotificationSubscriptionStore store,
    HubSpotCrmClient crm,
    ActingOwner actingOwner,
    AccessGuard guard,
    AuditTrail audit,
    TimeProvider clock) : IBotFeature
{
    private const string ChannelLead = "Only people who may edit HubSpot records can change this conversation's notifications.";
    private const string Usage = "**notify deals** or **notify contacts** subscribe this channel or group chat; **notify list** shows its subscriptions; **notify me** (in a personal chat) tells you about your own deals, contacts and tasks.";

    public void MapRoutes(BotRoutes routes) => routes
        .OnCommand("notify", RouteAccess.Viewer("notify.help"), turn => turn.SendTextAsync(Usage), "notifications")
        .OnCommand("notify deals", RouteAccess.Editor("notify.subscribe") with { Lead = ChannelLead }, DealsFormAsync)
        .OnCommand("notify contacts", RouteAccess.Editor("notify.subscribe") with { Lead = ChannelLead }, ContactsFormAsync)
        .OnCommand("notify list", RouteAccess.Viewer("notify.list"), ListAsync, "notify status")
        .OnCommand("notify me", RouteAccess.Viewer("notify.me"), SubscribeMeAsync)
        .OnCardSubmit(NotificationCards.SubscribeVerb, RouteAccess.Editor("notify.subscribe") with { Lead = ChannelLead }, SubscribeAsync)
        .OnCardSubmit(NotificationCards.RemoveVerb, RouteAccess.Viewer("notify.remove"), RemoveAsync);

    private static bool IsPersonal(TurnContext turn) =>
        string.Equals(turn.Activity.Conversation?.ConversationType, "personal", StringComparison.OrdinalIgnoreCase);

    /// <summary>In a channel thread Teams appends <c>;messageid=…</c>; cards go to the channel itself, as new posts.</summary>
    private static string ConversationId(TurnContext turn)
    {
        var id = turn.Activity.Conversation?.Id ?? string.Empty;
        var thread = id.IndexOf(";messageid=", StringComparison.OrdinalIgnoreCase);
        return thread > 0 ? id[..thread] : id;
    }

    private async Task DealsFormAsync(TurnContext turn)
    {
        if (await RefusePersonalAsync(turn)) return;
        var labels = await NotificationLabels.LoadAsync(crm, turn.TenantId!, turn.CancellationToken);
        await turn.SendCardAsync(NotificationCards.DealsForm(labels.Pipelines, labels.OwnerChoices));
    }

    private async Task ContactsFormAsync(TurnContext turn)
    {
        if (await RefusePersonalAsync(turn)) return;
        var labels = await NotificationLabels.LoadAsync(crm, turn.TenantId!, turn.CancellationToken);
        await turn.SendCardAsync(NotificationCards.ContactsForm(labels.LifecycleChoices, labels.OwnerChoices));
    }

    private static async Task<bool> RefusePersonalAsync(TurnContext turn)
    {
        if (!IsPersonal(turn)) return false;
        await turn.SendTextAsync("Send this in the channel or group chat that should get the cards. For your own records, send **notify me** here.");
        return true;
    }

    private async Task SubscribeAsync(TurnContext turn)
    {
        if (await RefusePersonalAsync(turn)) return;
        var value = turn.CardSubmit();
        var labels = await NotificationLabels.LoadAsync(crm, turn.TenantId!, turn.CancellationToken);
        var owner = Blank(value.Text("owner"));
        if (owner is not null && labels.OwnerChoices.All(o => o.Value != owner))
        {
            await turn.SendTextAsync("That owner is not in HubSpot (any more). Send **notify deals** or **notify contacts** to start again.");
            return;
        }

        NotificationSubscription subscription;
        switch (value.Text("kind"))
        {
            case nameof(SubscriptionKind.Deals):
                var pipeline = Blank(value.Text("pipeline"));
                string? stage = null;
                if (Blank(value.Text("stage")) is { } stageValue)
                {
                    var parts = stageValue.Split('/', 2);
                    var found = parts.Length == 2 ? labels.Pipelines.FirstOrDefault(p => p.Id == parts[0])?.FindStage(parts[1]) : null;
                    if (found is null || (pipeline is not null && pipeline != parts[0]))
                    {
                        await turn.SendCardAsync(NotificationCards.DealsForm(labels.Pipelines, labels.OwnerChoices, "Choose a stage of the chosen pipeline (or no pipeline)."));
                        return;
                    }
                    pipeline = parts[0];
                    stage = found.Id;
                }
                if (pipeline is not null && labels.Pipelines.All(p => p.Id != pipeline))
                {
                    await turn.SendCardAsync(NotificationCards.DealsForm(labels.Pipelines, labels.OwnerChoices, "That pipeline is not in HubSpot (any more)."));
                    return;
                }
                decimal? minAmount = null;
                if (Blank(value.Text("minAmount")) is { } amountText)
                {
                    if (!decimal.TryParse(amountText, NumberStyles.Number, CultureInfo.InvariantCulture, out var amount) || amount < 0 || amount > 1_000_000_000_000m)
                    {
                        await turn.SendCardAsync(NotificationCards.DealsForm(labels.Pipelines, labels.OwnerChoices, "The amount must be a number of at least 0."));
                        return;
                    }
                    minAmount = amount;
                }
                subscription = New(turn, SubscriptionKind.Deals) with { PipelineId = pipeline, StageId = stage, MinAmount = minAmount, OwnerId = owner };
                break;
            case nameof(SubscriptionKind.Contacts):
                var lifecycle = Blank(value.Text("lifecycleStage"));
                if (lifecycle is not null && labels.LifecycleChoices.All(l => l.Value != lifecycle))
                {
                    await turn.SendCardAsync(NotificationCards.ContactsForm(labels.LifecycleChoices, labels.OwnerChoices, "That lifecycle stage is not in HubSpot (any more)."));
                    return;
                }
                subscription = New(turn, SubscriptionKind.Contacts) with { LifecycleStage = lifecycle, OwnerId = owner };
                break;
            default:
                await turn.SendTextAsync(Usage);
                return;
        }

        await store.SaveAsync(subscription, turn.CancellationToken);
        var description = NotificationCards.Describe(subscription, labels);
        await audit.WriteAsync(turn, "notify.subscribe", AuditOutcomes.Succeeded, "subscription", subscription.Id, detail: $"{subscription.Kind} in {subscription.ConversationType}: {description}");
        await turn.SendTextAsync($"✅ Subscribed this conversation. {description}. Send **notify list** to see or remove its subscriptions.");
    }

    private async Task SubscribeMeAsync(TurnContext turn)
    {
        if (!IsPersonal(turn))
        {
            await turn.SendTextAsync("To keep your records private, send **notify me** to me in a personal chat.");
            return;
        }
        var who = turn.Who();
        var existing = (await store.ListAsync(who.TenantId, turn.CancellationToken))
            .FirstOrDefault(s => s.Kind == SubscriptionKind.Personal && s.UserAadObjectId == who.AadObjectId && s.IsActive);
        if (existing is not null)
        {
            await turn.SendTextAsync("You are already subscribed to your own records. Send **notify list** to see or remove it.");
            return;
        }
        var owner = await actingOwner.FindAsync(turn);
        if (owner is null)
        {
            await turn.SendTextAsync("I could not find a HubSpot owner with your email address, so I cannot tell which records are yours. Ask a HubSpot admin to add you as a user with the same email as in Teams.");
            return;
        }
        var subscription = New(turn, SubscriptionKind.Personal) with { OwnerId = owner.Id, UserAadObjectId = who.AadObjectId };
        await store.SaveAsync(subscription, turn.CancellationToken);
        await audit.WriteAsync(turn, "notify.subscribe", AuditOutcomes.Succeeded, "subscription", subscription.Id, detail: $"Personal for HubSpot owner {owner.Id}");
        await turn.SendTextAsync($"✅ You will get a card here when your deals change stage and when deals, contacts or tasks are assigned to you (HubSpot owner **{CardText.Literal(owner.DisplayName)}**).");
    }

    private async Task ListAsync(TurnContext turn)
    {
        var conversation = ConversationId(turn);
        var mine = (await store.ListAsync(turn.TenantId!, turn.CancellationToken)).Where(s => s.ConversationId == conversation).ToList();
        var labels = mine.Count == 0 ? NotificationLabels.None : await NotificationLabels.LoadAsync(crm, turn.TenantId!, turn.CancellationToken);
        await turn.SendCardAsync(NotificationCards.List(mine, labels));
    }

    private async Task RemoveAsync(TurnContext turn)
    {
        var id = turn.CardSubmit().Text("id");
        var subscription = string.IsNullOrWhiteSpace(id) ? null : await store.GetAsync(turn.TenantId!, id, turn.CancellationToken);
        // A subscription is removed only from its own conversation, so a crafted submit cannot reach another one.
        if (subscription is null || subscription.ConversationId != ConversationId(turn))
        {
            await turn.SendTextAsync("That subscription is not in this conversation (it may have been removed already).");
            return;
        }
        var ownPersonal = subscription.Kind == SubscriptionKind.Personal && subscription.UserAadObjectId == turn.Who().AadObjectId;
        if (!ownPersonal)
        {
            var access = await guard.CheckAsync(turn, AppRole.Editor, "notify.remove");
            if (!access.Allowed)
            {
                await turn.SendTextAsync($"{ChannelLead} {access.RefusalMessage}.");
                return;
            }
        }
        await store.RemoveAsync(turn.TenantId!, subscription.Id, turn.CancellationToken);
        await audit.WriteAsync(turn, "notify.remove", AuditOutcomes.Succeeded, "subscription", subscription.Id, detail: $"{subscription.Kind} in {subscription.ConversationType}");
        await turn.SendTextAsync("Removed. No more cards for that subscription.");
    }

    private NotificationSubscription New(TurnContext turn, SubscriptionKind kind)
    {
        var who = turn.Who();
        return new NotificationSubscription
        {
            TenantId = who.TenantId,
            Id = Guid.NewGuid().ToString("N"),
            Kind = kind,
            ConversationId = ConversationId(turn),
            ConversationType = turn.Activity.Conversation?.ConversationType,
            ServiceUrl = turn.Activity.ServiceUrl ?? string.Empty,
            BotId = turn.Activity.Recipient?.Id ?? string.Empty,
            CreatedByAadObjectId = who.AadObjectId,
            CreatedByName = who.Name,
            CreatedAt = clock.GetUtcNow(),
        };
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
