using System.Globalization;
using System.Text.Json.Nodes;
using HubSpotTeamsBot.Cards;
using HubSpotTeamsBot.Features.Common;
using LinkRecord = HubSpotTeamsBot.Storage.PortalLink;

namespace HubSpotTeamsBot.Features.Linking;

public static class PortalLinkCards
{
    public const string ConnectVerb = PortalVerbs.Connect;
    public const string DisconnectVerb = "portal.disconnect";
    public const string CancelVerb = "portal.cancel";

    /// <summary>The sign-in card (docs/teams-protocol.md, "Sign-in card"): Teams' <c>signin</c> action opens our start page in a popup.</summary>
    public static JsonObject SignIn(Uri startUrl) => Card.Adaptive(
            Card.Heading("Connect HubSpot"),
            Card.Text("Sign in with a HubSpot **Super Admin** account and approve the permissions. This links one HubSpot portal for your whole organisation; people then work on it from Teams according to the roles you give them."),
            Card.Text("The link opens in a popup. If Teams shows you a six-digit code instead, type it here.", subtle: true))
        .WithActions(
            new JsonObject
            {
                ["type"] = "Action.Submit",
                ["title"] = "Sign in to HubSpot",
                ["data"] = new JsonObject { ["msteams"] = new JsonObject { ["type"] = "signin", ["value"] = startUrl.ToString() } },
            },
            Card.OpenUrl("Open in browser", startUrl.ToString()));

    public static JsonObject ConfirmReplace(LinkRecord current) => Card.Adaptive(
            Card.Heading("Replace the HubSpot link?"),
            Card.Text($"Your organisation is linked to HubSpot portal **{current.PortalId}** ({CardText.Literal(current.HubDomain)}), linked by {(current.LinkedByName is { } by ? CardText.Literal(by) : "an admin")} on {Date(current.LinkedAt)}. Connecting again replaces it for everyone."))
        .WithActions(
            Card.Submit("Connect a portal", ConnectVerb, new JsonObject { ["confirm"] = true }),
            Card.Submit("Keep the current link", CancelVerb));

    public static JsonObject ConfirmDisconnect(LinkRecord current) => Card.Adaptive(
            Card.Heading("Disconnect HubSpot?"),
            Card.Text($"This revokes the bot's access to HubSpot portal **{current.PortalId}** ({CardText.Literal(current.HubDomain)}) and deletes the stored tokens. Nobody can use HubSpot from Teams until an admin connects again."))
        .WithActions(
            Card.Submit("Disconnect", DisconnectVerb, new JsonObject { ["confirm"] = true }),
            Card.Submit("Cancel", CancelVerb));

    public static JsonObject Status(LinkRecord link, DateTimeOffset now) => Card.Adaptive(
        Card.Heading(link.State switch
        {
            Storage.PortalLinkState.Linked => $"✅ Linked to HubSpot portal {link.PortalId}",
            Storage.PortalLinkState.Broken => $"⚠️ The link to HubSpot portal {link.PortalId} is broken",
            _ => $"HubSpot portal {link.PortalId} is waiting for confirmation",
        }),
        link.State == Storage.PortalLinkState.Broken
            ? Card.Text("HubSpot no longer accepts the bot's tokens (the app may have been uninstalled or the tokens revoked). An admin can fix it by sending **connect**.")
            : null,
        Card.Facts(
            ("Domain", link.HubDomain),
            ("HubSpot UI", link.UiDomain),
            ("State", link.State.ToString()),
            ("Linked by", link.LinkedByName),
            ("Linked on", Date(link.LinkedAt)),
            ("Last token refresh", link.LastRefreshedAt is { } r ? Date(r) : "not yet"),
            ("Access token", link.AccessTokenExpiresAt > now ? $"valid until {Date(link.AccessTokenExpiresAt)}" : "expired — refreshed on next use"),
            ("Time zone", link.TimeZone),
            ("Currency", link.Currency),
            ("Scopes", string.Join(", ", link.Scopes))));

    private static string Date(DateTimeOffset at) => at.ToString("d MMM yyyy HH:mm 'UTC'", CultureInfo.InvariantCulture);
}
