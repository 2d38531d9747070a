using HubSpotTeamsBot.BotFramework.Routing;
namespace HubSpotTeamsBot.Identity;

/// <summary>A resolved role and the human-readable reason shown by whoami, e.g. "direct grant",
/// "group Sales (editor)", "directory role Global Administrator", "configured admin", "default role".</summary>
public sealed record RoleDecision(AppRole Role, string Reason);
