using HubSpotTeamsBot.BotFramework.Invokes;
using HubSpotTeamsBot.Cards;
using HubSpotTeamsBot.BotFramework.Routing;
using HubSpotTeamsBot.BotFramework.Schema;
using HubSpotTeamsBot.Features.Common;
using HubSpotTeamsBot.Identity;
using HubSpotTeamsBot.Storage;

namespace HubSpotTeamsBot.Features.Linking;

/// <summary>
/// <c>connect</c> / <c>disconnect</c> / <c>status</c>, and the two ways a sign-in completes: the
/// <c>signin/verifyState</c> invoke (Teams popup) and the six-digit code typed in the chat (docs/teams-protocol.md,
/// "Sign-in sequence", step 7).
/// </summary>
public sealed class PortalLinkFeature(PortalLinker linker, PortalLinkStore links, AccessGuard guard, AuditTrail audit, TimeProvider clock, IEnumerable<IStatusSection> sections) : IBotFeature
{
    private const string ConnectLead = "Only an admin can connect HubSpot.";
    private const string DisconnectLead = "Only an admin can disconnect HubSpot.";

    public void MapRoutes(BotRoutes routes) => routes
        .Use(CompleteTypedCodeAsync)
        .OnCommand("connect", RouteAccess.Admin("portal.link", ConnectLead), turn => ConnectAsync(turn, confirmed: false), "link", "link hubspot", "connect hubspot", "reconnect")
        .OnCardSubmit(PortalLinkCards.ConnectVerb, RouteAccess.Admin("portal.link", ConnectLead), turn => ConnectAsync(turn, confirmed: turn.CardSubmit().Has("confirm")))
        .OnCommand("disconnect", RouteAccess.Admin("portal.unlink", DisconnectLead), turn => DisconnectAsync(turn, confirmed: false), "unlink", "disconnect hubspot")
        .OnCardSubmit(PortalLinkCards.DisconnectVerb, RouteAccess.Admin("portal.unlink", DisconnectLead), turn => DisconnectAsync(turn, confirmed: true))
        .OnCardSubmit(PortalLinkCards.CancelVerb, RouteAccess.Anyone, turn => OneShotCard.AnswerAsync(turn, "OK — nothing was changed."))
        .OnCommand("status", RouteAccess.Viewer("portal.status"), StatusAsync, "link status", "hubspot status")
        .OnInvoke(InvokeNames.SignInVerifyState, RouteAccess.Admin("portal.link", ConnectLead), VerifyStateAsync);

    private async Task ConnectAsync(TurnContext turn, bool confirmed)
    {
        var access = await guard.CheckAsync(turn, AppRole.Admin, "portal.link");
        if (!access.Allowed)
        {
            await turn.SendTextAsync($"{ConnectLead} {access.RefusalMessage}.");
            return;
        }
        if (!string.Equals(turn.Activity.Conversation?.ConversationType, "personal", StringComparison.OrdinalIgnoreCase))
        {
            await turn.SendTextAsync("To keep the sign-in private, send **connect** to me in a personal chat.");
            return;
        }
        var current = await links.GetAsync(turn.TenantId!, turn.CancellationToken);
        if (current is { State: PortalLinkState.Linked } && !confirmed)
        {
            await turn.SendCardAsync(PortalLinkCards.ConfirmReplace(current));
            return;
        }
        var start = await linker.BeginAsync(turn.Who(), turn.Activity.Conversation!.Id!, turn.Activity.ServiceUrl!, turn.CancellationToken);
        // The confirmation (replace the link? reconnect?) is used up: it becomes what was decided.
        if (confirmed) await OneShotCard.AnswerAsync(turn, "Connecting a HubSpot portal: sign in with the card below.");
        await turn.SendCardAsync(PortalLinkCards.SignIn(start));
    }

    private async Task<InvokeResponse> VerifyStateAsync(TurnContext turn)
    {
        var code = turn.Payload<SignInVerifyStateValue>().State;
        if (string.IsNullOrWhiteSpace(code)) await turn.SendTextAsync("The sign-in did not finish. Send **connect** to try again.");
        else await CompleteAsync(turn, code);
        return InvokeResponse.Ok();
    }

    private async Task CompleteTypedCodeAsync(TurnContext turn, Func<Task> next)
    {
        if (turn.Activity.Type == ActivityTypes.Message && !turn.Activity.IsCardSubmit() && LinkStates.LooksLikeCode(turn.Text))
        {
            await CompleteAsync(turn, turn.Text);
            return;
        }
        await next();
    }

    private async Task CompleteAsync(TurnContext turn, string code)
    {
        var outcome = await linker.VerifyAsync(turn.Who(), code, turn.CancellationToken);
        switch (outcome.Status)
        {
            case VerifyStatus.Linked:
                var link = outcome.Link!;
                await audit.WriteAsync(turn, "portal.link", AuditOutcomes.Succeeded, "portal", link.PortalId.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    detail: outcome.Replaced is null ? $"linked {link.HubDomain}" : $"replaced portal {outcome.Replaced.PortalId} with {link.HubDomain}");
                await turn.SendTextAsync($"✅ Linked to HubSpot portal **{link.PortalId}** ({CardText.Literal(link.HubDomain)}). People in your organisation can now use HubSpot from Teams according to their roles — send **roles** to manage who may do what.");
                break;
            case VerifyStatus.WrongUser:
                await audit.WriteAsync(turn, "portal.link", AuditOutcomes.Denied, detail: "verification code presented by another user");
                await turn.SendTextAsync("That code belongs to someone else's sign-in, so the HubSpot link was not changed. The admin who signed in must complete it, or send **connect** to start again.");
                break;
            case VerifyStatus.TooManyAttempts:
                await audit.WriteAsync(turn, "portal.link", AuditOutcomes.Denied, detail: $"more than {PortalLinker.MaxWrongCodes} wrong verification codes");
                await turn.SendTextAsync($"Too many wrong codes from you, so I'm not checking codes for you for the next {PortalLinker.AttemptWindow.TotalMinutes:0} minutes. Nothing was changed.");
                break;
            default:
                await turn.SendTextAsync("That code is not valid or has expired, so nothing was changed. Send **connect** to start again.");
                break;
        }
    }

    private async Task DisconnectAsync(TurnContext turn, bool confirmed)
    {
        var access = await guard.CheckAsync(turn, AppRole.Admin, "portal.unlink");
        if (!access.Allowed)
        {
            await turn.SendTextAsync($"{DisconnectLead} {access.RefusalMessage}.");
            return;
        }
        var current = await links.GetAsync(turn.TenantId!, turn.CancellationToken);
        if (current is null)
        {
            await turn.SendTextAsync("HubSpot is not connected, so there is nothing to disconnect.");
            return;
        }
        if (!confirmed)
        {
            await turn.SendCardAsync(PortalLinkCards.ConfirmDisconnect(current));
            return;
        }
        var (removed, revoked) = await linker.DisconnectAsync(turn.TenantId!, turn.CancellationToken);
        if (removed is null)
        {
            await OneShotCard.AnswerAsync(turn, "HubSpot was already disconnected.");
            return;
        }
        await audit.WriteAsync(turn, "portal.unlink", AuditOutcomes.Succeeded, "portal", removed.PortalId.ToString(System.Globalization.CultureInfo.InvariantCulture),
            detail: revoked ? "refresh token revoked" : "tokens deleted; HubSpot did not confirm the revocation");
        // The confirmation card is replaced by the outcome: its Disconnect button must not stay live.
        await OneShotCard.AnswerAsync(turn, revoked
            ? $"Disconnected HubSpot portal **{removed.PortalId}**: the bot's access was revoked and its tokens deleted."
            : $"Disconnected HubSpot portal **{removed.PortalId}** and deleted the tokens. HubSpot did not confirm the revocation, so also uninstall the app in HubSpot (Settings › Integrations › Connected apps).");
    }

    private async Task StatusAsync(TurnContext turn)
    {
        var access = await guard.CheckAsync(turn, AppRole.Viewer, "portal.status");
        if (!access.Allowed)
        {
            await turn.SendTextAsync(access.RefusalMessage);
            return;
        }
        var link = await links.GetAsync(turn.TenantId!, turn.CancellationToken);
        if (link is null)
        {
            await turn.SendTextAsync("HubSpot is not connected yet. An admin can connect it by sending **connect** to me in a personal chat.");
            return;
        }
        var card = PortalLinkCards.Status(link, clock.GetUtcNow());
        // Other features' parts of the status (notification health…), each deciding who may see it; one message in all.
        foreach (var section in sections)
            foreach (var part in await section.BuildAsync(turn)) card["body"]!.AsArray().Add(part);
        await turn.SendCardAsync(card);
    }
}
