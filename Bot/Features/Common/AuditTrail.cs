using HubSpotTeamsBot.BotFramework.Routing;
using HubSpotTeamsBot.Storage;

namespace HubSpotTeamsBot.Features.Common;

public static class AuditOutcomes
{
    public const string Succeeded = "Succeeded";
    public const string Failed = "Failed";
    public const string Denied = "Denied";
}

/// <summary>Writes who did what from a turn, so nothing done on the shared HubSpot token is anonymous.</summary>
public sealed class AuditTrail(AuditLog log, TimeProvider clock)
{
    public Task<AuditEntry> WriteAsync(TurnContext turn, string action, string outcome,
        string? objectType = null, string? objectId = null, string? correlationId = null, string? detail = null)
    {
        var who = turn.Who();
        return log.AppendAsync(new AuditEntry
        {
            TenantId = who.TenantId,
            At = clock.GetUtcNow(),
            ActorAadObjectId = who.AadObjectId,
            ActorName = who.Name,
            ActorUpn = who.UserPrincipalName,
            Action = action,
            // One wording for every writer: "contact 1486", whatever the caller called the type.
            ObjectType = AuditNouns.Singular(objectType),
            ObjectId = objectId,
            Outcome = outcome,
            CorrelationId = correlationId,
            Detail = detail,
        }, turn.CancellationToken);
    }
}
