using HubSpotTeamsBot.BotFramework.Auth;
using HubSpotTeamsBot.BotFramework.Connector;
using HubSpotTeamsBot.BotFramework.Schema;
using HubSpotTeamsBot.Cards;
using HubSpotTeamsBot.HubSpot;
using HubSpotTeamsBot.Identity;
using HubSpotTeamsBot.Storage;
using HubSpotTeamsBot.BotFramework.Routing;

namespace HubSpotTeamsBot.Features.Linking;

/// <summary>
/// When HubSpot refuses the portal's refresh token, each admin the bot has a personal chat with gets one message
/// with a reconnect button — once per break, not once per failed call (the token provider calls this only when it
/// records the break).
/// </summary>
public sealed class BrokenLinkNotifier(
    RoleAssignments roles,
    ConversationReferenceStore conversations,
    IServiceProvider services,
    TrustedServiceUrls trusted,
    ServiceUrlAllowList allowedServiceUrls,
    ILogger<BrokenLinkNotifier> logger) : IPortalLinkObserver
{
    public async Task LinkBrokenAsync(Storage.PortalLink link, CancellationToken ct)
    {
        var grantedAdmins = (await roles.ListAsync(link.TenantId, ct))
            .Where(a => a.Kind == PrincipalKind.User && AppRoleNames.FromStored(a.Role) == AppRole.Admin)
            .Select(a => a.PrincipalId);
        // A typed HttpClient is transient: take a fresh one per announcement rather than holding one forever.
        var connector = services.GetRequiredService<ConnectorClient>();
        foreach (var admin in roles.BootstrapAdminIdsFor(link.TenantId).Concat(grantedAdmins).Distinct(StringComparer.OrdinalIgnoreCase))
        {
            var chat = await conversations.GetForUserAsync(link.TenantId, admin, ct);
            if (chat is null || !string.Equals(chat.ConversationType, "personal", StringComparison.OrdinalIgnoreCase)) continue;
            // A stored reference came from an authenticated activity, but the row may have been altered since: only a
            // Bot Connector host gets the message and the bot's token.
            if (!allowedServiceUrls.Allows(chat.ServiceUrl))
            {
                logger.LogWarning("Not telling admin {Admin} about the broken HubSpot link: the stored serviceUrl host is not an allowed Bot Connector host ({Setting})",
                    admin, ServiceUrlAllowList.Setting);
                continue;
            }
            trusted.Trust(chat.ServiceUrl);
            try
            {
                await connector.SendAsync(chat.ServiceUrl, chat.ConversationId, Activity.Message(null, new Attachment
                {
                    ContentType = ContentTypes.AdaptiveCard,
                    Content = Card.Adaptive(
                            Card.Heading("⚠️ HubSpot needs to be reconnected"),
                            Card.Text($"HubSpot stopped accepting the bot's access to portal **{link.PortalId}** ({CardText.Literal(link.HubDomain)}) — the app may have been uninstalled or its access revoked. Until an admin reconnects, nobody can use HubSpot from Teams."))
                        .WithActions(Card.Submit("Reconnect HubSpot", PortalLinkCards.ConnectVerb, new System.Text.Json.Nodes.JsonObject { ["confirm"] = true })),
                }), ct);
            }
            catch (ConnectorException e)
            {
                logger.LogWarning("Could not tell admin {Admin} about the broken HubSpot link: {Status} {Code}", admin, e.Status, e.Code);
            }
        }
    }
}
