namespace HubSpotTeamsBot.Identity;

/// <summary>Who holds an Entra directory role: users directly, and role-assignable groups whose members hold it too.
/// A role that was never activated in the tenant has no members.</summary>
public sealed record DirectoryRoleMembers(string TemplateId, string DisplayName, IReadOnlySet<string> UserIds, IReadOnlySet<string> GroupIds);
