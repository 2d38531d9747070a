namespace HubSpotTeamsBot.Storage;

/// <summary>A page of audit entries, newest first; pass <paramref name="ContinuationToken"/> back for the next page (null: no more).</summary>
public sealed record AuditPage(IReadOnlyList<AuditEntry> Entries, string? ContinuationToken);
