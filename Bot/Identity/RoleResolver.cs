using HubSpotTeamsBot.Storage;
using Microsoft.Extensions.Options;
using HubSpotTeamsBot.BotFramework.Routing;

namespace HubSpotTeamsBot.Identity;

/// <summary>Decides a person's bot role from configuration, stored grants and the Entra directory; the highest
/// role wins. Cheap sources are read first and Graph only when it could still change the answer, so a configured
/// admin or a direct Admin grant is decided even while Graph is down. When Graph is needed and fails, the
/// resolution fails with <see cref="DirectoryUnavailableException"/> — never a guessed (elevated) role.</summary>
public sealed class RoleResolver(
    RoleAssignmentStore assignments,
    MembershipCache directory,
    IOptions<RolesOptions> options,
    HomeTenant home,
    IOptions<BotFramework.Limits.TurnLimitOptions> limits,
    TimeProvider clock,
    ILogger<RoleResolver> logger)
{
    // One line per person per window: a stranger retrying in a loop must not write a line per request.
    private readonly BotFramework.Limits.RepeatCounter _lines = new(clock, limits.Value.RepeatWindow, 1);

    private readonly RolesOptions roles = options.Value;
    private readonly HashSet<string> bootstrapAdmins = new(options.Value.BootstrapAdmins, StringComparer.OrdinalIgnoreCase);

    /// <summary>The full decision (as whoami shows it).</summary>
    public Task<RoleDecision> ResolveAsync(TeamsIdentity who, CancellationToken ct = default) =>
        ResolveAsync(who, AppRole.Admin, ct);

    /// <summary>Stops as soon as a source grants <paramref name="enough"/>: the authorizer asks "at least Viewer?"
    /// without touching Graph when a grant or the member default already answers it.</summary>
    internal async Task<RoleDecision> ResolveAsync(TeamsIdentity who, AppRole enough, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(who);
        ArgumentException.ThrowIfNullOrWhiteSpace(who.AadObjectId);

        // Configured admins are admins of the bot's own tenant only: the same object id sent from another tenant is nobody special.
        if (home.Is(who.TenantId) && bootstrapAdmins.Contains(who.AadObjectId))
        {
            return new RoleDecision(AppRole.Admin, "configured admin");
        }

        var grants = await assignments.ListRecentAsync(who.TenantId, ct);
        var direct = grants.FirstOrDefault(g => g.Kind == PrincipalKind.User
            && string.Equals(g.PrincipalId, who.AadObjectId, StringComparison.OrdinalIgnoreCase));
        var directRole = AppRoleNames.FromStored(direct?.Role);
        if (directRole != AppRole.None && directRole >= enough)
        {
            return new RoleDecision(directRole, "direct grant");
        }

        if (await IsGuestAsync(who, ct))
        {
            // Guests get only what was granted to them by name; group grants and directory roles do not reach them.
            return directRole != AppRole.None
                ? new RoleDecision(directRole, "direct grant")
                : new RoleDecision(roles.DefaultGuestRole, "default guest role");
        }

        var best = directRole != AppRole.None && directRole >= roles.DefaultMemberRole
            ? new RoleDecision(directRole, "direct grant")
            : new RoleDecision(roles.DefaultMemberRole, "default role");
        if (best.Role >= enough || best.Role == AppRole.Admin)
        {
            return best;
        }

        var viaDirectoryRole = await FindAdminDirectoryRoleAsync(who.AadObjectId, ct);
        if (viaDirectoryRole is not null)
        {
            return new RoleDecision(AppRole.Admin, $"directory role {viaDirectoryRole}");
        }

        var viaGroup = await FindBestGroupGrantAsync(who.AadObjectId, grants, best.Role, ct);
        return viaGroup ?? best;
    }

    private async Task<bool> IsGuestAsync(TeamsIdentity who, CancellationToken ct)
    {
        if (who.IsGuest is { } known)
        {
            return known;
        }

        if (!home.Is(who.TenantId))
        {
            // The bot reads only its own tenant's directory: someone of another tenant is never looked up in it, and
            // gets only what their tenant's admins granted them by name.
            return true;
        }

        var user = await directory.GetUserAsync(who.AadObjectId, ct);
        if (user is null)
        {
            // Not in this tenant's directory: not one of its members, so no member default applies.
            if (_lines.Next($"{who.TenantId}|{who.AadObjectId}") is { Write: true } line)
                logger.LogInformation("User {AadObjectId} of tenant {TenantId} is not in the directory; treated as a guest ({HeldBack} more times in the window before)",
                    who.AadObjectId, who.TenantId, line.HeldBack);
            return true;
        }

        return user.IsGuest;
    }

    private async Task<string?> FindAdminDirectoryRoleAsync(string userId, CancellationToken ct)
    {
        IReadOnlySet<string>? userGroups = null;
        foreach (var configured in roles.AdminDirectoryRoles)
        {
            if (!DirectoryRoleTemplates.TryGetTemplateId(configured, out var templateId))
            {
                continue;
            }

            var holders = await directory.GetDirectoryRoleMembersAsync(templateId, ct);
            if (holders.UserIds.Contains(userId))
            {
                return holders.DisplayName;
            }

            if (holders.GroupIds.Count > 0)
            {
                userGroups ??= await directory.GetTransitiveGroupIdsAsync(userId, ct);
                if (holders.GroupIds.Any(userGroups.Contains))
                {
                    return holders.DisplayName;
                }
            }
        }

        return null;
    }

    private async Task<RoleDecision?> FindBestGroupGrantAsync(
        string userId, IReadOnlyList<RoleAssignment> grants, AppRole toBeat, CancellationToken ct)
    {
        var candidates = grants
            .Where(g => g.Kind == PrincipalKind.Group)
            .Select(g => (Grant: g, Role: AppRoleNames.FromStored(g.Role)))
            .Where(c => c.Role > toBeat)
            .ToList();
        if (candidates.Count == 0)
        {
            return null;
        }

        var groups = await directory.GetTransitiveGroupIdsAsync(userId, ct);
        var winner = candidates
            .Where(c => groups.Contains(c.Grant.PrincipalId))
            .OrderByDescending(c => c.Role)
            .ThenBy(c => c.Grant.DisplayName ?? c.Grant.PrincipalId, StringComparer.OrdinalIgnoreCase)
            .FirstOrDefault();
        return winner.Grant is null
            ? null
            : new RoleDecision(winner.Role, $"group {winner.Grant.DisplayName ?? winner.Grant.PrincipalId} ({winner.Role.ToString().ToLowerInvariant()})");
    }
}
