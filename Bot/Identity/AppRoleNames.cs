using HubSpotTeamsBot.BotFramework.Routing;
namespace HubSpotTeamsBot.Identity;

/// <summary>Text forms of <see cref="AppRole"/>: what users type in commands and what the assignment store holds.</summary>
public static class AppRoleNames
{
    /// <summary>Parses "admin", "Editor", "VIEWER"…; "none" is not a grantable role and is refused.</summary>
    public static bool TryParseGrantable(string? text, out AppRole role)
    {
        role = AppRole.None;
        if (string.IsNullOrWhiteSpace(text) || !Enum.TryParse(text.Trim(), ignoreCase: true, out AppRole parsed)
            || !Enum.IsDefined(parsed) || parsed == AppRole.None || int.TryParse(text, out _))
        {
            return false;
        }

        role = parsed;
        return true;
    }

    /// <summary>Reads a stored assignment's role; an unknown value counts as no role so a bad row never elevates.</summary>
    public static AppRole FromStored(string? stored) => TryParseGrantable(stored, out var role) ? role : AppRole.None;

    /// <summary>The form written to storage: "Admin" | "Editor" | "Viewer".</summary>
    public static string ToStored(AppRole role) => role.ToString();
}
