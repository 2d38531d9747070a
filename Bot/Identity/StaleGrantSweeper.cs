using HubSpotTeamsBot.Storage;
using Microsoft.Extensions.Options;

namespace HubSpotTeamsBot.Identity;

/// <summary>
/// Drops role grants whose person has left the bot's own tenant's directory, every Roles:StaleGrantSweepInterval:
/// without it a user removed from Entra (and later re-created, or an id reused by a forged activity) would keep the
/// role. Only user grants of the home tenant are checked — the only directory the bot can read. A sweep that cannot
/// reach the directory removes nothing. Each removal is audited.
/// </summary>
public sealed partial class StaleGrantSweeper(
    RoleAssignmentStore grants,
    DirectoryClient directory,
    AuditLog audit,
    HomeTenant home,
    IOptions<RolesOptions> options,
    TimeProvider clock,
    ILogger<StaleGrantSweeper> logger) : BackgroundService
{
    public const string AuditAction = "role.revoke";

    /// <summary>Checks every user grant of the home tenant once; returns how many were removed.</summary>
    public async Task<int> SweepAsync(CancellationToken ct)
    {
        if (home.Id is not { Length: > 0 } tenantId) return 0;
        var removed = 0;
        foreach (var grant in (await grants.ListAsync(tenantId, ct)).Where(g => g.Kind == PrincipalKind.User))
        {
            DirectoryUser? user;
            try
            {
                user = await directory.GetUserAsync(grant.PrincipalId, ct);
            }
            catch (DirectoryUnavailableException)
            {
                LogDirectoryDown(logger);
                return removed;
            }
            if (user is not null || !await grants.DeleteAsync(tenantId, grant.PrincipalId, ct)) continue;
            removed++;
            LogRemoved(logger, grant.Role, grant.PrincipalId);
            await audit.AppendAsync(new AuditEntry
            {
                TenantId = tenantId,
                At = clock.GetUtcNow(),
                ActorAadObjectId = "system",
                ActorName = "stale grant sweep",
                Action = AuditAction,
                ObjectType = "user",
                ObjectId = grant.PrincipalId,
                Outcome = "Succeeded",
                Detail = $"{grant.Role} grant of {grant.DisplayName ?? grant.PrincipalId} removed: no longer in the directory",
            }, ct);
        }
        return removed;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = options.Value.StaleGrantSweepInterval;
        if (interval <= TimeSpan.Zero) return;
        using var timer = new PeriodicTimer(interval, clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await SweepAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogSweepFailed(logger, e);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Removed the {Role} grant of {PrincipalId}: the user is no longer in the directory")]
    private static partial void LogRemoved(ILogger logger, string role, string principalId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Stale grant sweep stopped: the directory did not answer; nothing more was removed")]
    private static partial void LogDirectoryDown(ILogger logger);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Stale grant sweep failed; it runs again at the next interval")]
    private static partial void LogSweepFailed(ILogger logger, Exception error);
}
