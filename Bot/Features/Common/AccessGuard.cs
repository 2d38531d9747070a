using HubSpotTeamsBot.BotFramework.Routing;
using HubSpotTeamsBot.Identity;

namespace HubSpotTeamsBot.Features.Common;

/// <summary>
/// The one check every handler makes before acting: does this person hold the role the action needs? Refusals
/// are audited (a Viewer replaying a crafted submit shows up in the audit log) and carry the sentence to show.
/// </summary>
public sealed class AccessGuard(Authorizer authorizer, AuditTrail audit)
{
    public async Task<AuthorizationResult> CheckAsync(TurnContext turn, AppRole needed, string action)
    {
        var who = turn.Who();
        // Whitespace is no identity either (a blank aadObjectId used to reach the resolver and throw; found by fuzzing).
        var result = string.IsNullOrWhiteSpace(who.TenantId) || string.IsNullOrWhiteSpace(who.AadObjectId)
            ? new AuthorizationResult(false, needed, new RoleDecision(AppRole.None, "no Entra identity on the activity"), [])
            : await authorizer.RequireAsync(who, needed, turn.CancellationToken);
        if (!result.Allowed)
            await audit.WriteAsync(turn, action, AuditOutcomes.Denied, detail: $"needs {needed}; has {result.Decision.Role} ({result.Decision.Reason})");
        return result;
    }
}
