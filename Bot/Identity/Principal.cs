using HubSpotTeamsBot.Storage;

namespace HubSpotTeamsBot.Identity;

/// <summary>A user or group a role can be granted to, identified by its Entra object id.</summary>
public sealed record Principal(string Id, PrincipalKind Kind, string? DisplayName);
