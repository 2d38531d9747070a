using HubSpotSandbox.Model;

namespace HubSpotSandbox.State;

/// <summary>Outcome of a store write: the record, or why it was refused.</summary>
public sealed record StoreResult(CrmRecord? Record, StoreFailure Failure = StoreFailure.None, long? ConflictingId = null, string? Detail = null)
{
    public static StoreResult Ok(CrmRecord record) => new(record);
    public static StoreResult Fail(StoreFailure failure, string? detail = null, long? conflictingId = null) => new(null, failure, conflictingId, detail);
}

public enum StoreFailure { None, NotFound, DuplicateEmail, AssociationTargetMissing }

/// <summary>An association requested on create: target id and type id (the target type follows from the type id).</summary>
public sealed record AssociationRequest(long ToId, AssociationType Type);
