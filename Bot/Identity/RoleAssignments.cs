using HubSpotTeamsBot.Storage;
using Microsoft.Extensions.Options;
using HubSpotTeamsBot.BotFramework.Routing;

namespace HubSpotTeamsBot.Identity;

/// <summary>The admin operations on role grants: find whom a typed name means, grant, revoke, list. The caller
/// authorizes the actor (Admin) first and writes the audit entry from the returned <see cref="RoleChange"/>.
/// The bot never ends up without an admin: the last admin (direct user grants plus Roles:BootstrapAdmins) can be
/// neither revoked nor downgraded.</summary>
public sealed class RoleAssignments(
    RoleAssignmentStore store,
    DirectoryClient directory,
    IOptions<RolesOptions> options,
    HomeTenant home,
    TimeProvider time,
    ILogger<RoleAssignments> logger)
{
    private const string GroupPrefix = "group:";
    private readonly HashSet<string> bootstrapAdmins = new(options.Value.BootstrapAdmins, StringComparer.OrdinalIgnoreCase);

    /// <summary>Resolves "user@domain" (UPN or mail), "group:Display Name" or a user's object id through the directory.
    /// A group name is Found only when exactly one group has exactly that name; otherwise the prefix matches are
    /// offered as a choice. A mention is not parsed here: build a <see cref="Principal"/> from its object id.</summary>
    /// <summary>As <see cref="FindPrincipalAsync(string, CancellationToken)"/>, for an admin of <paramref name="tenantId"/>: the
    /// directory is the bot's own tenant's, so people of another tenant get no lookup at all (it would browse a
    /// directory that is not theirs) and are told to @mention the person instead.</summary>
    public async Task<PrincipalLookup> FindPrincipalAsync(string tenantId, string text, CancellationToken ct = default)
    {
        if (home.Is(tenantId)) return await FindPrincipalAsync(text, ct);
        // An object id that already holds a grant in this tenant is known without the directory (so it can be changed
        // or revoked); anything else would need a directory that is not this tenant's.
        var input = text?.Trim() ?? string.Empty;
        if (Guid.TryParse(input, out _) && await store.GetAsync(tenantId, input, ct) is { } granted)
            return PrincipalLookup.Found(new Principal(granted.PrincipalId, granted.Kind, granted.DisplayName));
        return PrincipalLookup.NotFound("Looking people and groups up by name works only in the organisation that runs this bot. Grant a role by @mentioning the person in a chat with me instead.");
    }

    public async Task<PrincipalLookup> FindPrincipalAsync(string text, CancellationToken ct = default)
    {
        var input = text?.Trim() ?? string.Empty;
        if (input.StartsWith(GroupPrefix, StringComparison.OrdinalIgnoreCase))
        {
            var name = input[GroupPrefix.Length..].Trim();
            if (name.Length == 0)
            {
                return PrincipalLookup.NotFound("Give the group's display name after 'group:', e.g. group:Sales Team.");
            }

            var groups = await directory.FindGroupsAsync(name, ct);
            var candidates = groups.Select(g => new Principal(g.Id, PrincipalKind.Group, g.DisplayName)).ToList();
            var exact = candidates.Where(c => string.Equals(c.DisplayName, name, StringComparison.OrdinalIgnoreCase)).ToList();
            return exact.Count == 1 ? PrincipalLookup.Found(exact[0])
                : candidates.Count > 0 ? PrincipalLookup.Ambiguous(candidates)
                : PrincipalLookup.NotFound($"No group named '{name}' was found in the directory.");
        }

        if (Guid.TryParse(input, out _) || input.Contains('@', StringComparison.Ordinal))
        {
            var user = Guid.TryParse(input, out _) ? await directory.GetUserAsync(input, ct) : await directory.FindUserAsync(input, ct);
            return user is null
                ? PrincipalLookup.NotFound($"No user '{input}' was found in the directory.")
                : PrincipalLookup.Found(new Principal(user.Id, PrincipalKind.User, user.DisplayName ?? user.UserPrincipalName));
        }

        return PrincipalLookup.NotFound("Name a user as @mention or user@domain, or a group as group:Display Name.");
    }

    public Task<IReadOnlyList<RoleAssignment>> ListAsync(string tenantId, CancellationToken ct = default) => store.ListAsync(tenantId, ct);

    /// <summary>Ids from Roles:BootstrapAdmins (always Admin, not stored, cannot be revoked in chat).</summary>
    public IReadOnlyCollection<string> BootstrapAdminIds => bootstrapAdmins;

    /// <summary>The configured admins that count in <paramref name="tenantId"/>: all of them in the bot's own tenant, none elsewhere.</summary>
    public IReadOnlyCollection<string> BootstrapAdminIdsFor(string? tenantId) => home.Is(tenantId) ? bootstrapAdmins : [];

    /// <summary>Grants (or changes) the principal's role. Downgrading the last admin is refused.</summary>
    public async Task<RoleChange> GrantAsync(TeamsIdentity actor, Principal principal, AppRole role, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(principal);
        ArgumentException.ThrowIfNullOrWhiteSpace(principal.Id);
        if (role is not (AppRole.Viewer or AppRole.Editor or AppRole.Admin))
        {
            throw new ArgumentOutOfRangeException(nameof(role), role, "Grant Viewer, Editor or Admin; use revoke to remove a role.");
        }

        var existing = await store.GetAsync(actor.TenantId, principal.Id, ct);
        var previous = existing is null ? (AppRole?)null : AppRoleNames.FromStored(existing.Role);
        var configured = principal.Kind == PrincipalKind.User && BootstrapAdminIdsFor(actor.TenantId).Contains(principal.Id, StringComparer.OrdinalIgnoreCase);
        if (previous == role)
        {
            return new RoleChange(principal, previous, role, configured);
        }

        if (previous == AppRole.Admin && existing!.Kind == PrincipalKind.User)
        {
            await EnsureAnotherAdminAsync(actor.TenantId, principal, ct);
        }

        await store.SaveAsync(new RoleAssignment
        {
            TenantId = actor.TenantId,
            PrincipalId = principal.Id,
            Kind = principal.Kind,
            DisplayName = principal.DisplayName ?? existing?.DisplayName,
            Role = AppRoleNames.ToStored(role),
            GrantedByAadObjectId = actor.AadObjectId,
            GrantedByName = actor.Name,
            GrantedAt = time.GetUtcNow(),
            ETag = existing?.ETag,
        }, ct);

        if (previous == AppRole.Admin && existing!.Kind == PrincipalKind.User)
        {
            await UndoIfNoAdminLeftAsync(existing, principal, ct);
        }

        logger.LogInformation("Role of {PrincipalKind} {PrincipalId} in tenant {TenantId} changed from {Previous} to {Current} by {Actor}",
            principal.Kind, principal.Id, actor.TenantId, previous, role, actor.AadObjectId);
        return new RoleChange(principal, previous, role, configured);
    }

    /// <summary>Removes the principal's stored grant. Revoking the last admin is refused; a configured admin keeps
    /// Admin through configuration (reported in <see cref="RoleChange.StillConfiguredAdmin"/>).</summary>
    public async Task<RoleChange> RevokeAsync(TeamsIdentity actor, string principalId, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentException.ThrowIfNullOrWhiteSpace(principalId);

        var existing = await store.GetAsync(actor.TenantId, principalId, ct);
        var configured = BootstrapAdminIdsFor(actor.TenantId).Contains(principalId, StringComparer.OrdinalIgnoreCase);
        if (existing is null)
        {
            return new RoleChange(new Principal(principalId, PrincipalKind.User, null), null, null, configured);
        }

        var principal = new Principal(existing.PrincipalId, existing.Kind, existing.DisplayName);
        var previous = AppRoleNames.FromStored(existing.Role);
        var wasUserAdmin = previous == AppRole.Admin && existing.Kind == PrincipalKind.User;
        if (wasUserAdmin)
        {
            await EnsureAnotherAdminAsync(actor.TenantId, principal, ct);
        }

        await store.DeleteAsync(actor.TenantId, principalId, ct);
        if (wasUserAdmin)
        {
            await UndoIfNoAdminLeftAsync(existing, principal, ct);
        }

        logger.LogInformation("Role {Previous} of {PrincipalKind} {PrincipalId} in tenant {TenantId} revoked by {Actor}",
            previous, existing.Kind, principalId, actor.TenantId, actor.AadObjectId);
        return new RoleChange(principal, previous, null, configured);
    }

    private async Task EnsureAnotherAdminAsync(string tenantId, Principal leaving, CancellationToken ct)
    {
        if (await CountAdminsExceptAsync(tenantId, leaving.Id, ct) == 0)
        {
            throw new RoleChangeRefusedException(
                $"{leaving.DisplayName ?? leaving.Id} is the last admin; grant Admin to someone else first.");
        }
    }

    // Two admins removing each other at the same moment could both pass the check above; re-count after the write
    // and put the grant back if nobody is left, so a race can cost a retry but never the last admin.
    private async Task UndoIfNoAdminLeftAsync(RoleAssignment removed, Principal leaving, CancellationToken ct)
    {
        if (await CountAdminsExceptAsync(removed.TenantId, leaving.Id, ct) > 0)
        {
            return;
        }

        await store.SaveAsync(removed with { ETag = null }, ct);
        logger.LogWarning("Restored the admin grant of {PrincipalId} in tenant {TenantId}: a concurrent change removed every other admin",
            leaving.Id, removed.TenantId);
        throw new RoleChangeRefusedException(
            $"{leaving.DisplayName ?? leaving.Id} is the last admin; grant Admin to someone else first.");
    }

    private async Task<int> CountAdminsExceptAsync(string tenantId, string principalId, CancellationToken ct)
    {
        var grants = await store.ListAsync(tenantId, ct);
        // A configured admin stays Admin whatever happens to their stored grant, so they always count.
        return grants
            .Where(g => g.Kind == PrincipalKind.User && AppRoleNames.FromStored(g.Role) == AppRole.Admin)
            .Select(g => g.PrincipalId)
            .Where(id => !string.Equals(id, principalId, StringComparison.OrdinalIgnoreCase))
            .Concat(BootstrapAdminIdsFor(tenantId))
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .Count();
    }
}
