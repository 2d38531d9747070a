using HubSpotTeamsBot.BotFramework.Routing;
namespace HubSpotTeamsBot.Identity;

/// <summary>Configuration section "Roles": how the bot decides who may do what.</summary>
public sealed class RolesOptions
{
    public const string SectionName = "Roles";

    /// <summary>Entra object ids that are always Admin, even with an empty assignment table (bootstrap, recovery).</summary>
    public IList<string> BootstrapAdmins { get; init; } = [];

    /// <summary>Entra directory roles (template ids, or "Global Administrator" / "Teams Administrator") whose members
    /// are Admin. Empty by default: reading them needs the RoleManagement.Read.Directory permission.</summary>
    public IList<string> AdminDirectoryRoles { get; init; } = [];

    /// <summary>Role of a tenant member with no assignment.</summary>
    public AppRole DefaultMemberRole { get; set; } = AppRole.Viewer;

    /// <summary>Role of a guest with no direct assignment.</summary>
    public AppRole DefaultGuestRole { get; set; } = AppRole.None;

    /// <summary>How long a user's group memberships and directory-role memberships are reused before Graph is asked again.</summary>
    public TimeSpan MembershipCacheDuration { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How often user grants of people no longer in the directory are removed; 00:00:00 turns the sweep off.</summary>
    public TimeSpan StaleGrantSweepInterval { get; set; } = TimeSpan.FromHours(6);
}
