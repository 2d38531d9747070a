namespace HubSpotTeamsBot.Identity;

/// <summary>An Entra group as offered in a grant or a choice card.</summary>
public sealed record DirectoryGroup(string Id, string? DisplayName);
