using HubSpotTeamsBot.BotFramework.Invokes;
using HubSpotTeamsBot.Cards;
using HubSpotTeamsBot.BotFramework.Routing;
using HubSpotTeamsBot.BotFramework.Schema;
using HubSpotTeamsBot.Features.Common;
using HubSpotTeamsBot.Identity;
using HubSpotTeamsBot.Storage;
using Microsoft.Extensions.Options;

namespace HubSpotTeamsBot.Features.Roles;

/// <summary><c>roles</c>, <c>role grant</c>, <c>role revoke</c>: admins decide who may do what; every change is audited.</summary>
public sealed class RolesFeature(RoleAssignments assignments, RoleTarget targets, AccessGuard guard, AuditTrail audit, IOptions<RolesOptions> options) : IBotFeature
{
    private const string GrantUsage = "Say who and which role, for example: **role grant** @Alex editor, **role grant** alexw@contoso.com viewer, or **role grant** group:Sales editor.";

    public void MapRoutes(BotRoutes routes) => routes
        .OnCommand("roles", RouteAccess.Admin("role.list"), ListAsync, "role list", "list roles")
        .OnCommand("role grant", RouteAccess.Admin("role.grant"), GrantAsync, "grant")
        .OnCardSubmit(RolesCards.GrantVerb, RouteAccess.Admin("role.grant"), GrantChosenAsync)
        .OnCommand("role revoke", RouteAccess.Admin("role.revoke"), RevokeAsync, "revoke");

    private async Task<bool> IsAdminAsync(TurnContext turn, string action)
    {
        var access = await guard.CheckAsync(turn, AppRole.Admin, action);
        if (!access.Allowed) await turn.SendTextAsync(access.RefusalMessage);
        return access.Allowed;
    }

    private async Task ListAsync(TurnContext turn)
    {
        if (!await IsAdminAsync(turn, "role.list")) return;
        var list = await assignments.ListAsync(turn.TenantId!, turn.CancellationToken);
        await turn.SendCardAsync(RolesCards.List(list, assignments.BootstrapAdminIdsFor(turn.TenantId).Count, options.Value));
    }

    private async Task GrantAsync(TurnContext turn)
    {
        if (!await IsAdminAsync(turn, "role.grant")) return;
        var words = turn.CommandArguments.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (words.Length < 2 || !AppRoleNames.TryParseGrantable(words[^1], out var role))
        {
            await turn.SendTextAsync(GrantUsage);
            return;
        }
        var lookup = await targets.ResolveAsync(turn, string.Join(' ', words[..^1]));
        switch (lookup.Outcome)
        {
            case PrincipalLookupOutcome.Found:
                await ApplyGrantAsync(turn, lookup.Principal!, role);
                break;
            case PrincipalLookupOutcome.Ambiguous:
                await turn.SendCardAsync(RolesCards.ChooseGroup(lookup.Candidates, role));
                break;
            default:
                await turn.SendTextAsync($"{lookup.Problem} {GrantUsage}");
                break;
        }
    }

    private async Task GrantChosenAsync(TurnContext turn)
    {
        if (!await IsAdminAsync(turn, "role.grant")) return;
        var value = turn.CardSubmit();
        if (value.Text("principalId") is not { } id || !Enum.TryParse<PrincipalKind>(value.Text("kind"), out var kind) || !AppRoleNames.TryParseGrantable(value.Text("role"), out var role))
        {
            await turn.SendTextAsync(GrantUsage);
            return;
        }
        await ApplyGrantAsync(turn, new Principal(id, kind, value.Text("name")), role, oneShot: true);
    }

    /// <param name="oneShot">The grant came from the "which group?" card: the card becomes the outcome.</param>
    private async Task ApplyGrantAsync(TurnContext turn, Principal principal, AppRole role, bool oneShot = false)
    {
        var change = await assignments.GrantAsync(turn.Who(), principal, role, turn.CancellationToken);
        var name = principal.DisplayName ?? principal.Id;
        await audit.WriteAsync(turn, "role.grant", AuditOutcomes.Succeeded, principal.Kind.ToString().ToLowerInvariant(), principal.Id,
            detail: $"{name}: {change.Previous?.ToString() ?? "no grant"} → {role}");
        var outcome = change.Changed
            ? $"**{CardText.Literal(name)}** now has the **{role}** role{(change.Previous is { } previous ? $" (was {previous})" : string.Empty)}."
            : $"**{CardText.Literal(name)}** already had the **{role}** role; nothing changed.";
        if (oneShot) await OneShotCard.AnswerAsync(turn, outcome);
        else await turn.SendTextAsync(outcome);
    }

    private async Task RevokeAsync(TurnContext turn)
    {
        if (!await IsAdminAsync(turn, "role.revoke")) return;
        if (string.IsNullOrWhiteSpace(turn.CommandArguments))
        {
            await turn.SendTextAsync("Say whose role to remove, for example: **role revoke** @Alex or **role revoke** group:Sales.");
            return;
        }
        var lookup = await targets.ResolveAsync(turn, turn.CommandArguments);
        if (lookup.Outcome != PrincipalLookupOutcome.Found)
        {
            await turn.SendTextAsync(lookup.Problem ?? "Several groups match that name; type it exactly as it appears in Microsoft Entra ID.");
            return;
        }
        var principal = lookup.Principal!;
        var change = await assignments.RevokeAsync(turn.Who(), principal.Id, turn.CancellationToken);
        var name = principal.DisplayName ?? principal.Id;
        if (!change.Changed)
        {
            await turn.SendTextAsync($"**{CardText.Literal(name)}** has no role granted here, so nothing changed.");
            return;
        }
        await audit.WriteAsync(turn, "role.revoke", AuditOutcomes.Succeeded, principal.Kind.ToString().ToLowerInvariant(), principal.Id,
            detail: $"{name}: {change.Previous} → none");
        await turn.SendTextAsync(change.StillConfiguredAdmin
            ? $"Removed the {change.Previous} grant of **{CardText.Literal(name)}**; they stay an admin because the configuration names them (Roles:BootstrapAdmins)."
            : $"Removed the **{change.Previous}** role of **{CardText.Literal(name)}**. They now get the default role.");
    }
}
