using HubSpotTeamsBot.BotFramework.Routing;
using HubSpotTeamsBot.BotFramework.Schema;
using HubSpotTeamsBot.Cards;
using HubSpotTeamsBot.Features.Common;
using HubSpotTeamsBot.Identity;
using HubSpotTeamsBot.Storage;

namespace HubSpotTeamsBot.Features.Welcome;

/// <summary>
/// Greets people when the app is installed (personal <c>installationUpdate</c>, or the bot added to a team or chat).
/// An admin of a tenant that has not linked HubSpot gets the connect button right away; others learn who can link it.
/// </summary>
public sealed class WelcomeFeature(PortalLinkStore links, Authorizer authorizer) : IBotFeature
{
    public void MapRoutes(BotRoutes routes) => routes
        .OnActivity(ActivityTypes.InstallationUpdate, turn =>
            turn.Activity.Action is { } action && action.StartsWith("add", StringComparison.OrdinalIgnoreCase) ? GreetAsync(turn) : Task.CompletedTask)
        // A personal install arrives as both installationUpdate and conversationUpdate: greet once, on the former.
        .OnActivity(ActivityTypes.ConversationUpdate, turn =>
            !IsPersonal(turn) && (turn.Activity.MembersAdded ?? []).Any(m => string.Equals(m.Id, turn.Activity.Recipient?.Id, StringComparison.OrdinalIgnoreCase))
                ? GreetAsync(turn) : Task.CompletedTask);

    private static bool IsPersonal(TurnContext turn) =>
        string.Equals(turn.Activity.Conversation?.ConversationType, "personal", StringComparison.OrdinalIgnoreCase);

    private async Task GreetAsync(TurnContext turn)
    {
        var linked = await links.GetAsync(turn.TenantId!, turn.CancellationToken) is { State: PortalLinkState.Linked };
        var personal = IsPersonal(turn);
        var admin = personal && !linked ? await authorizer.RequireAsync(turn.Who(), AppRole.Admin, turn.CancellationToken) : null;

        var card = Card.Adaptive(
            Card.Heading("Hi, I'm HubSpot for Teams 👋"),
            Card.Text("I let your organisation work on HubSpot contacts, deals and activities from Teams: create and update records with forms, log notes and tasks, and share record cards. Send **help** to see everything I can do."),
            linked ? null : Card.Text(admin?.Allowed == true
                ? "HubSpot isn't connected yet. As an admin, you can link your company's HubSpot portal now."
                : $"HubSpot isn't connected yet. An admin links it once for everyone{(admin is { AdminsToAsk.Count: > 0 } ? $" — ask {string.Join(", ", admin.AdminsToAsk)}" : string.Empty)}.", subtle: true));
        if (admin?.Allowed == true) card.WithActions(Card.Submit("Connect HubSpot", PortalVerbs.Connect));
        await turn.SendCardAsync(card);
    }
}
