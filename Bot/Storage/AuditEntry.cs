namespace HubSpotTeamsBot.Storage;

/// <summary>One audited action. Never put tokens or other secrets in any field.</summary>
public sealed record AuditEntry
{
    public required string TenantId { get; init; }
    public required DateTimeOffset At { get; init; }
    public required string ActorAadObjectId { get; init; }
    public string? ActorName { get; init; }
    public string? ActorUpn { get; init; }

    /// <summary>What was done, e.g. "contact.create", "portal.link", "role.grant".</summary>
    public required string Action { get; init; }

    /// <summary>HubSpot object type ("contact", "deal", "note"...), when the action touched a record.</summary>
    public string? ObjectType { get; init; }

    public string? ObjectId { get; init; }

    /// <summary>e.g. "Succeeded", "Failed", "Denied".</summary>
    public required string Outcome { get; init; }

    public string? CorrelationId { get; init; }

    /// <summary>A short human-readable note (e.g. "granted Editor to Sales group").</summary>
    public string? Detail { get; init; }

    /// <summary>Set by the store; orders entries newest first.</summary>
    public string? Id { get; init; }
}
