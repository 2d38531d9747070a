namespace HubSpotTeamsBot.Identity;

/// <summary>Entra built-in role template ids are the same in every tenant, so configuration may name the common
/// admin roles instead of pasting GUIDs.</summary>
public static class DirectoryRoleTemplates
{
    public const string GlobalAdministrator = "62e90394-69f5-4237-9190-012177145e10";
    public const string TeamsAdministrator = "69091246-20e8-4a56-aa4d-066075b2a7a8";

    private static readonly Dictionary<string, string> ByName = new(StringComparer.OrdinalIgnoreCase)
    {
        ["Global Administrator"] = GlobalAdministrator,
        ["Teams Administrator"] = TeamsAdministrator,
    };

    /// <summary>A role template id from a GUID or a known display name; false for anything else.</summary>
    public static bool TryGetTemplateId(string? nameOrId, out string templateId)
    {
        templateId = string.Empty;
        if (string.IsNullOrWhiteSpace(nameOrId))
        {
            return false;
        }

        var text = nameOrId.Trim();
        if (Guid.TryParse(text, out var id))
        {
            templateId = id.ToString("D");
            return true;
        }

        if (ByName.TryGetValue(text, out var known))
        {
            templateId = known;
            return true;
        }

        return false;
    }
}
