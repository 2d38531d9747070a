using HubSpotTeamsBot.Storage;
using Microsoft.Extensions.Options;
using HubSpotTeamsBot.BotFramework.Routing;

namespace HubSpotTeamsBot.Identity;

/// <summary>The one question every feature handler asks before acting. A refusal carries the admins' names so the
/// reply can say whom to ask; the caller audits it. If the directory must be consulted and cannot be, this throws
/// <see cref="DirectoryUnavailableException"/> (fail closed) — the caller shows its message.</summary>
public sealed class Authorizer(
    RoleResolver resolver,
    RoleAssignmentStore assignments,
    MembershipCache directory,
    IOptions<RolesOptions> options,
    IOptions<GraphOptions> graph,
    IOptions<BotFramework.Limits.TurnLimitOptions> limits,
    TimeProvider clock,
    ILogger<Authorizer> logger)
{
    private const int MaxAdminNames = 5;

    // One line per person per window, then a count: a flood of refused requests must not become a flood of log lines.
    private readonly BotFramework.Limits.RepeatCounter _lines = new(clock, limits.Value.RepeatWindow, 1);

    public async Task<AuthorizationResult> RequireAsync(TeamsIdentity who, AppRole needed, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(who);
        if (needed == AppRole.None)
        {
            return new AuthorizationResult(true, needed, new RoleDecision(AppRole.None, "no role needed"), []);
        }

        var decision = await resolver.ResolveAsync(who, needed, ct);
        if (decision.Role >= needed)
        {
            return new AuthorizationResult(true, needed, decision, []);
        }

        if (_lines.Next($"{who.TenantId}|{who.AadObjectId}") is { Write: true } line)
            logger.LogInformation("Refused {AadObjectId} of tenant {TenantId}: needs {Needed}, has {Role} ({Reason}); {HeldBack} more refusals in the window before",
                who.AadObjectId, who.TenantId, needed, decision.Role, decision.Reason, line.HeldBack);
        return new AuthorizationResult(false, needed, decision, await AdminNamesAsync(who.TenantId, ct));
    }

    /// <summary>Names of admins granted in chat, then configured admins whose names the directory can tell — only to
    /// people of the bot's own tenant, whose directory that is; another tenant's people never see its names.</summary>
    private async Task<IReadOnlyList<string>> AdminNamesAsync(string tenantId, CancellationToken ct)
    {
        var names = (await assignments.ListAsync(tenantId, ct))
            .Where(g => g.Kind == PrincipalKind.User && AppRoleNames.FromStored(g.Role) == AppRole.Admin)
            .OrderBy(g => g.GrantedAt)
            .Select(g => g.DisplayName)
            .OfType<string>()
            .ToList();

        var homeTenant = string.Equals(tenantId, graph.Value.TenantId, StringComparison.OrdinalIgnoreCase);
        foreach (var id in homeTenant ? options.Value.BootstrapAdmins : [])
        {
            if (names.Count >= MaxAdminNames)
            {
                break;
            }

            try
            {
                if ((await directory.GetUserAsync(id, ct))?.DisplayName is { } name)
                {
                    names.Add(name);
                }
            }
            catch (DirectoryUnavailableException)
            {
                // The names are a courtesy in a refusal; the refusal itself must not fail because Graph is down.
                break;
            }
        }

        return names.Distinct(StringComparer.OrdinalIgnoreCase).Take(MaxAdminNames).ToList();
    }
}
