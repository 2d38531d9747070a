namespace GraphSandbox;

/// <summary>The in-memory Entra directory behind <see cref="StubGraph"/>: users (members and guests), groups that
/// may contain users and other groups, and activated directory roles. Tests change it while the stub runs.</summary>
public sealed class StubDirectory
{
    private readonly Lock gate = new();
    private readonly Dictionary<string, StubUser> users = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, StubGroup> groups = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, StubDirectoryRole> roles = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, HashSet<string>> memberships = new(StringComparer.OrdinalIgnoreCase); // member -> groups

    public StubUser AddUser(string displayName, string userPrincipalName, string? mail = null, bool guest = false, string? id = null)
    {
        var user = new StubUser(id ?? Guid.NewGuid().ToString("D"), displayName, userPrincipalName, mail ?? userPrincipalName, guest ? "Guest" : "Member");
        lock (gate)
        {
            users[user.Id] = user;
        }

        return user;
    }

    public StubGroup AddGroup(string displayName)
    {
        var group = new StubGroup(Guid.NewGuid().ToString("D"), displayName);
        lock (gate)
        {
            groups[group.Id] = group;
        }

        return group;
    }

    /// <summary>Makes a user or a group a direct member of a group (a group member gives nesting).</summary>
    public void AddMember(StubGroup group, string memberId)
    {
        ArgumentNullException.ThrowIfNull(group);
        lock (gate)
        {
            if (!memberships.TryGetValue(memberId, out var parents))
            {
                memberships[memberId] = parents = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            }

            parents.Add(group.Id);
        }
    }

    public void RemoveMember(StubGroup group, string memberId)
    {
        ArgumentNullException.ThrowIfNull(group);
        lock (gate)
        {
            if (memberships.TryGetValue(memberId, out var parents))
            {
                parents.Remove(group.Id);
            }
        }
    }

    /// <summary>Activates a directory role (only activated roles are listed by /directoryRoles, as in Entra).</summary>
    public StubDirectoryRole ActivateDirectoryRole(string roleTemplateId, string displayName)
    {
        var role = new StubDirectoryRole(Guid.NewGuid().ToString("D"), roleTemplateId, displayName);
        lock (gate)
        {
            roles[role.Id] = role;
        }

        return role;
    }

    public void AddRoleMember(StubDirectoryRole role, string memberId)
    {
        ArgumentNullException.ThrowIfNull(role);
        lock (gate)
        {
            role.MemberIds.Add(memberId);
        }
    }

    public StubUser? FindUser(string idOrUserPrincipalName)
    {
        lock (gate)
        {
            return users.TryGetValue(idOrUserPrincipalName, out var byId)
                ? byId
                : users.Values.FirstOrDefault(u => string.Equals(u.UserPrincipalName, idOrUserPrincipalName, StringComparison.OrdinalIgnoreCase));
        }
    }

    public IReadOnlyList<StubUser> UsersWhere(Func<StubUser, bool> predicate)
    {
        lock (gate)
        {
            return users.Values.Where(predicate).OrderBy(u => u.Id, StringComparer.Ordinal).ToList();
        }
    }

    public IReadOnlyList<StubGroup> GroupsWhere(Func<StubGroup, bool> predicate)
    {
        lock (gate)
        {
            return groups.Values.Where(predicate).OrderBy(g => g.Id, StringComparer.Ordinal).ToList();
        }
    }

    /// <summary>Every group reachable upwards from the member through nested memberships (cycles tolerated).</summary>
    public IReadOnlyList<StubGroup> TransitiveGroupsOf(string memberId)
    {
        lock (gate)
        {
            var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            var queue = new Queue<string>([memberId]);
            while (queue.TryDequeue(out var current))
            {
                if (!memberships.TryGetValue(current, out var parents))
                {
                    continue;
                }

                foreach (var parent in parents.Where(seen.Add))
                {
                    queue.Enqueue(parent);
                }
            }

            return seen.Select(id => groups[id]).OrderBy(g => g.Id, StringComparer.Ordinal).ToList();
        }
    }

    public IReadOnlyList<StubDirectoryRole> RolesWhere(Func<StubDirectoryRole, bool> predicate)
    {
        lock (gate)
        {
            return roles.Values.Where(predicate).ToList();
        }
    }

    /// <summary>Members of a role as (id, "#microsoft.graph.user" | "#microsoft.graph.group", display name).</summary>
    public IReadOnlyList<(string Id, string ODataType, string DisplayName)> RoleMembers(string roleId)
    {
        lock (gate)
        {
            if (!roles.TryGetValue(roleId, out var role))
            {
                return [];
            }

            return role.MemberIds.Order(StringComparer.Ordinal).Select(id => users.TryGetValue(id, out var u)
                    ? (id, "#microsoft.graph.user", u.DisplayName)
                    : (id, "#microsoft.graph.group", groups.TryGetValue(id, out var g) ? g.DisplayName : id))
                .ToList();
        }
    }

    public bool HasUser(string id)
    {
        lock (gate)
        {
            return users.ContainsKey(id);
        }
    }
}

public sealed record StubUser(string Id, string DisplayName, string UserPrincipalName, string Mail, string UserType);

public sealed record StubGroup(string Id, string DisplayName);

public sealed record StubDirectoryRole(string Id, string RoleTemplateId, string DisplayName)
{
    public HashSet<string> MemberIds { get; } = new(StringComparer.OrdinalIgnoreCase);
}
