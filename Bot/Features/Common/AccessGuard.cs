using HubSpotTeamsBot.BotFramework.Limits;
using HubSpotTeamsBot.BotFramework.Routing;
using HubSpotTeamsBot.Identity;
using Microsoft.Extensions.Options;

namespace HubSpotTeamsBot.Features.Common;

/// <summary>
/// The one check every route makes before acting: does this person hold the role the action needs? Refusals
/// are audited (a Viewer replaying a crafted submit shows up in the audit log) and carry the sentence to show.
/// The router asks first (<see cref="RouteGuard"/>); a handler asking again in the same turn gets the same answer
/// without a second lookup or a second audit row.
/// </summary>
public sealed class AccessGuard(Authorizer authorizer, RoleResolver roles, AuditTrail audit, IOptions<TurnLimitOptions> limits, TimeProvider clock)
{
    private const string ItemPrefix = "access:";

    // A flood of refused requests from one person must not grow the audit table without bound: the first rows of a
    // window are written one by one, the rest counted and reported on the next row written for that person.
    private readonly RepeatCounter _rows = new(clock, limits.Value.RepeatWindow, limits.Value.RefusalAuditRowsPerWindow);

    public async Task<AuthorizationResult> CheckAsync(TurnContext turn, AppRole needed, string action)
    {
        ArgumentNullException.ThrowIfNull(turn);
        var key = ItemPrefix + needed;
        if (turn.Items.TryGetValue(key, out var known) && known is AuthorizationResult { Allowed: true } earlier) return earlier;
        var who = turn.Who();
        // Whitespace is no identity either (a blank aadObjectId used to reach the resolver and throw; found by fuzzing).
        var result = string.IsNullOrWhiteSpace(who.TenantId) || string.IsNullOrWhiteSpace(who.AadObjectId)
            ? new AuthorizationResult(false, needed, new RoleDecision(AppRole.None, "no Entra identity on the activity"), [])
            : await authorizer.RequireAsync(who, needed, turn.CancellationToken);
        if (result.Allowed) turn.Items[key] = result;
        else if (_rows.Next($"{who.TenantId}|{who.AadObjectId}") is { Write: true } row)
            await audit.WriteAsync(turn, action, AuditOutcomes.Denied, detail: $"needs {needed}; has {result.Decision.Role} ({result.Decision.Reason})"
                + (row.HeldBack > 0 ? $"; {row.HeldBack} more refusals of this person in the window before were counted, not written" : string.Empty));
        return result;
    }

    /// <summary>
    /// Whether the person holds at least <paramref name="role"/>, to decide which buttons a card shows them. Not a
    /// permission check (every button's route checks again) and so neither audited nor told: a Viewer simply gets
    /// no Edit button. When the directory can't say, the answer is no (fewer buttons, never more).
    /// </summary>
    public async Task<bool> HoldsAsync(TurnContext turn, AppRole role)
    {
        ArgumentNullException.ThrowIfNull(turn);
        if (turn.Items.TryGetValue(ItemPrefix + role, out var known) && known is AuthorizationResult { Allowed: true }) return true;
        var key = HoldsPrefix + role;
        if (turn.Items.TryGetValue(key, out var cached) && cached is bool holds) return holds;
        var who = turn.Who();
        try
        {
            holds = !string.IsNullOrWhiteSpace(who.TenantId) && !string.IsNullOrWhiteSpace(who.AadObjectId)
                    && (await roles.ResolveAsync(who, role, turn.CancellationToken)).Role >= role;
        }
        catch (DirectoryUnavailableException)
        {
            holds = false;
        }
        turn.Items[key] = holds;
        return holds;
    }

    private const string HoldsPrefix = "holds:";
}

/// <summary>The router's check of each route's declared <see cref="RouteAccess"/>, through <see cref="AccessGuard"/>.</summary>
public sealed class RouteGuard(AccessGuard guard) : IRouteGuard
{
    public async Task<string?> RefuseAsync(TurnContext turn, RouteAccess access)
    {
        ArgumentNullException.ThrowIfNull(access);
        var result = await guard.CheckAsync(turn, access.Role, access.Action);
        if (result.Allowed) return null;
        return access.Lead is null ? result.RefusalMessage : $"{access.Lead} {result.RefusalMessage}.";
    }
}
