namespace HubSpotTeamsBot.Identity;

/// <summary>Who sent the activity: from.aadObjectId + conversation tenant, and the guest flag from the Teams member
/// lookup (userRole "guest") when the caller knows it; null means "unknown, ask the directory".</summary>
public sealed record TeamsIdentity(string TenantId, string AadObjectId, string? Name, string? UserPrincipalName, bool? IsGuest);
