using System.Globalization;
using System.Text.Json.Nodes;
using HubSpotTeamsBot.Cards;
using HubSpotTeamsBot.Identity;
using HubSpotTeamsBot.Storage;
using HubSpotTeamsBot.BotFramework.Routing;

namespace HubSpotTeamsBot.Features.Roles;

public static class RolesCards
{
    public const string GrantVerb = "role.grant";

    public static JsonObject List(IReadOnlyList<RoleAssignment> assignments, int configuredAdmins, RolesOptions options) => Card.Adaptive(
        Card.Heading("Who may do what"),
        Card.Text("**Admin** links HubSpot, manages roles and reads the audit log · **Editor** creates and updates contacts, deals and activities · **Viewer** searches and shares records.", subtle: true),
        assignments.Count == 0
            ? Card.Text("No roles have been granted yet.")
            : Card.Facts([.. assignments.OrderBy(a => a.Role).ThenBy(a => a.DisplayName)
                .Select(a => ($"{CardText.Literal(a.DisplayName ?? a.PrincipalId)}{(a.Kind == PrincipalKind.Group ? " (group)" : string.Empty)}",
                    (string?)$"{a.Role} — by {a.GrantedByName ?? "an admin"}, {a.GrantedAt.ToString("d MMM yyyy", CultureInfo.InvariantCulture)}"))]),
        Card.Facts(
            ("Configured admins", configuredAdmins.ToString(CultureInfo.InvariantCulture)),
            ("Everyone else in your organisation", options.DefaultMemberRole.ToString()),
            ("Guests", options.DefaultGuestRole == AppRole.None ? "no access" : options.DefaultGuestRole.ToString())),
        Card.Text("Change with **role grant** @person editor, **role grant** group:Sales viewer, or **role revoke** someone@contoso.com.", subtle: true));

    /// <summary>Several groups matched the typed name: let the admin pick one.</summary>
    public static JsonObject ChooseGroup(IReadOnlyList<Principal> candidates, AppRole role) => Card.Adaptive(
            Card.Heading("Which group?"),
            Card.Text($"Several groups match. Pick the one that should get the **{role}** role."))
        .WithActions([.. candidates.Take(6).Select(c => (JsonNode?)Card.Submit(c.DisplayName ?? c.Id, GrantVerb, new JsonObject
        {
            ["principalId"] = c.Id,
            ["kind"] = c.Kind.ToString(),
            ["name"] = c.DisplayName,
            ["role"] = role.ToString(),
        }))]);
}
