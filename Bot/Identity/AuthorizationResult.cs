using HubSpotTeamsBot.BotFramework.Routing;
namespace HubSpotTeamsBot.Identity;

/// <summary>The answer to "may this person do something that needs <see cref="Needed"/>?", with the decision behind
/// it (for audit) and, when refused, the admins to ask.</summary>
public sealed record AuthorizationResult(bool Allowed, AppRole Needed, RoleDecision Decision, IReadOnlyList<string> AdminsToAsk)
{
    /// <summary>"You need the Editor role — ask an admin: Megan Bowen, Alex Wilber".</summary>
    public string RefusalMessage => AdminsToAsk.Count > 0
        ? $"You need the {Needed} role — ask an admin: {string.Join(", ", AdminsToAsk)}"
        : $"You need the {Needed} role — ask an admin of this bot in your organisation.";
}
