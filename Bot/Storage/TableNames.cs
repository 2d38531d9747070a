namespace HubSpotTeamsBot.Storage;

/// <summary>Table names before Storage:TablePrefix is applied.</summary>
internal static class TableNames
{
    public const string PortalLinks = "PortalLinks";
    public const string RoleAssignments = "RoleAssignments";
    public const string ConversationReferences = "ConversationReferences";
    public const string AuditLog = "AuditLog";
    public const string IdempotencyRecords = "IdempotencyRecords";
    public const string PendingSignIns = "PendingSignIns";
    public const string DataProtectionKeys = "DataProtectionKeys";
    public const string PoisonActivities = "PoisonActivities";

    public static readonly IReadOnlyList<string> All =
        [PortalLinks, RoleAssignments, ConversationReferences, AuditLog, IdempotencyRecords, PendingSignIns, DataProtectionKeys, PoisonActivities];
}
