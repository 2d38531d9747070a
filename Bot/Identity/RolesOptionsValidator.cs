using Microsoft.Extensions.Options;

namespace HubSpotTeamsBot.Identity;

/// <summary>Names the exact setting that is wrong so a bad deployment fails at start, not at the first refusal.</summary>
public sealed class RolesOptionsValidator : IValidateOptions<RolesOptions>
{
    public ValidateOptionsResult Validate(string? name, RolesOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();

        for (var i = 0; i < options.BootstrapAdmins.Count; i++)
        {
            if (!Guid.TryParse(options.BootstrapAdmins[i], out _))
            {
                failures.Add($"Roles:BootstrapAdmins:{i} must be an Entra object id (GUID), got '{options.BootstrapAdmins[i]}'.");
            }
        }

        for (var i = 0; i < options.AdminDirectoryRoles.Count; i++)
        {
            if (!DirectoryRoleTemplates.TryGetTemplateId(options.AdminDirectoryRoles[i], out _))
            {
                failures.Add($"Roles:AdminDirectoryRoles:{i} must be a role template id (GUID), 'Global Administrator' or "
                    + $"'Teams Administrator', got '{options.AdminDirectoryRoles[i]}'.");
            }
        }

        if (!Enum.IsDefined(options.DefaultMemberRole))
        {
            failures.Add("Roles:DefaultMemberRole must be None, Viewer, Editor or Admin.");
        }

        if (!Enum.IsDefined(options.DefaultGuestRole))
        {
            failures.Add("Roles:DefaultGuestRole must be None, Viewer, Editor or Admin.");
        }

        if (options.MembershipCacheDuration <= TimeSpan.Zero || options.MembershipCacheDuration > TimeSpan.FromDays(1))
        {
            failures.Add("Roles:MembershipCacheDuration must be greater than zero and at most one day.");
        }

        if (options.StaleGrantSweepInterval < TimeSpan.Zero || (options.StaleGrantSweepInterval > TimeSpan.Zero && options.StaleGrantSweepInterval < TimeSpan.FromMinutes(1))
            || options.StaleGrantSweepInterval > TimeSpan.FromDays(7))
        {
            failures.Add("Roles:StaleGrantSweepInterval must be 00:00:00 (off) or between 00:01:00 and 7 days.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
