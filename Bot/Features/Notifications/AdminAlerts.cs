using HubSpotTeamsBot.BotFramework.Auth;
using HubSpotTeamsBot.BotFramework.Connector;
using HubSpotTeamsBot.BotFramework.Schema;
using HubSpotTeamsBot.Cards;
using HubSpotTeamsBot.Identity;
using HubSpotTeamsBot.Storage;
using HubSpotTeamsBot.BotFramework.Routing;

namespace HubSpotTeamsBot.Features.Notifications;

/// <summary>
/// Tells each admin with a personal chat with the bot that subscriptions were disabled because Teams refused the bot
/// in their conversation (once per disabling, since a disabled subscription is never tried again). The same list is in
/// <c>status</c>, so an admin without a personal chat still finds it.
/// </summary>
public sealed class AdminAlerts(
    RoleAssignments roles,
    ConversationReferenceStore conversations,
    IServiceProvider services,
    TrustedServiceUrls trusted,
    ServiceUrlAllowList allowedServiceUrls,
    ILogger<AdminAlerts> logger)
{
    public async Task SubscriptionsDisabledAsync(string tenantId, IReadOnlyList<NotificationSubscription> disabled, string reason, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(disabled);
        if (disabled.Count == 0) return;
        var grantedAdmins = (await roles.ListAsync(tenantId, ct))
            .Where(a => a.Kind == PrincipalKind.User && AppRoleNames.FromStored(a.Role) == AppRole.Admin)
            .Select(a => a.PrincipalId);
        var connector = services.GetRequiredService<ConnectorClient>();
        var where = disabled[0].Kind == SubscriptionKind.Personal ? $"the personal chat of {CardText.Literal(disabled[0].CreatedByName ?? "a user")}" : "a channel or group chat";
        var card = Card.Adaptive(
            Card.Heading("⚠️ HubSpot notifications stopped in one conversation"),
            Card.Text($"Teams refused the bot in {where}: {CardText.Literal(reason)}. {disabled.Count} subscription(s) there were disabled and will not be tried again. Send **status** for details; someone in that conversation can subscribe again once the bot is back."));
        foreach (var admin in roles.BootstrapAdminIdsFor(tenantId).Concat(grantedAdmins).Distinct(StringComparer.OrdinalIgnoreCase))
        {
            var chat = await conversations.GetForUserAsync(tenantId, admin, ct);
            if (chat is null || !string.Equals(chat.ConversationType, "personal", StringComparison.OrdinalIgnoreCase)) continue;
            if (disabled.Any(d => d.ConversationId == chat.ConversationId)) continue;
            if (!allowedServiceUrls.Allows(chat.ServiceUrl))
            {
                logger.LogWarning("Not telling admin {Admin} about disabled notifications: the stored serviceUrl host is not allowed ({Setting})", admin, ServiceUrlAllowList.Setting);
                continue;
            }
            trusted.Trust(chat.ServiceUrl);
            try
            {
                await connector.SendAsync(chat.ServiceUrl, chat.ConversationId, Activity.Message(null, new Attachment { ContentType = ContentTypes.AdaptiveCard, Content = card.DeepClone() }), ct);
            }
            catch (ConnectorException e)
            {
                logger.LogWarning("Could not tell admin {Admin} about disabled notifications: {Status} {Code}", admin, e.Status, e.Code);
            }
        }
    }
}
