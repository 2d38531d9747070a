namespace HubSpotTeamsBot.Identity;

/// <summary>The slice of an Entra user the bot needs.</summary>
public sealed record DirectoryUser(string Id, string? DisplayName, string? UserPrincipalName, string? Mail, string? UserType)
{
    public bool IsGuest => string.Equals(UserType, "Guest", StringComparison.OrdinalIgnoreCase);
}
