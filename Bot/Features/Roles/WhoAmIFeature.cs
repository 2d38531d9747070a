using HubSpotTeamsBot.BotFramework.Routing;
using HubSpotTeamsBot.Cards;
using HubSpotTeamsBot.Features.Common;
using HubSpotTeamsBot.HubSpot;
using HubSpotTeamsBot.Identity;

namespace HubSpotTeamsBot.Features.Roles;

/// <summary><c>whoami</c> (anyone): the Teams identity the bot sees, the app role and why, and — for people who may read
/// HubSpot — the matching HubSpot owner.</summary>
public sealed class WhoAmIFeature(RoleResolver roles, HubSpotCrmClient crm, ActingOwner actingOwner, ChannelAudience audience) : IBotFeature
{
    public void MapRoutes(BotRoutes routes) => routes.OnCommand("whoami", RouteAccess.Anyone, AnswerAsync, "who am i", "me");

    private async Task AnswerAsync(TurnContext turn)
    {
        var who = turn.Who();
        // Without an Entra id there is nobody to resolve (the resolver rejects a blank id); say so instead of failing.
        var decision = string.IsNullOrWhiteSpace(who.AadObjectId) || string.IsNullOrWhiteSpace(who.TenantId)
            ? new RoleDecision(AppRole.None, "no Entra identity on the activity")
            : await roles.ResolveAsync(who, turn.CancellationToken);
        var emails = await actingOwner.EmailsAsync(turn);
        var email = emails.Count > 0 ? emails[0] : null;
        await turn.SendCardAsync(Card.Adaptive(
            Card.Heading(who.Name is { } name ? CardText.Literal(name) : "You"),
            Card.Facts(
                ("Role", decision.Role == AppRole.None ? "no access" : decision.Role.ToString()),
                ("Because", decision.Reason),
                ("Email", email),
                // Owner names are CRM data: only someone who may read HubSpot gets them looked up (issue 16, H1).
                ("HubSpot owner", decision.Role < AppRole.Viewer ? "not looked up (no access to HubSpot)"
                    : await audience.RefusalAsync(turn) is not null ? "not looked up in a channel with guests (RecordCards:PostInChannelsWithGuests); ask me in a personal chat"
                    : await OwnerAsync(turn, email)),
                ("Entra object id", who.AadObjectId),
                ("Tenant", who.TenantId))));
    }

    private async Task<string> OwnerAsync(TurnContext turn, string? email)
    {
        if (email is null) return "unknown (no email)";
        try
        {
            var owner = await crm.GetOwnerByEmailAsync(turn.TenantId!, email, turn.CancellationToken);
            return owner is null ? "none matches your email" : $"{owner.FirstName} {owner.LastName} (owner {owner.Id})";
        }
        catch (PortalNotLinkedException)
        {
            return "HubSpot is not connected";
        }
        catch (Exception e) when (e is HubSpotException or PortalLinkBrokenException)
        {
            return "HubSpot did not answer";
        }
    }
}
