using HubSpotSandbox.Errors;
using HubSpotSandbox.Model;
using HubSpotSandbox.State;

namespace HubSpotSandbox.Writes;

/// <summary>Result of a create or update: the stored record, validation errors, or a store refusal.</summary>
public sealed record WriteOutcome(CrmRecord? Record, IReadOnlyList<HubSpotErrorDetail> Errors, StoreResult? Refusal)
{
    public static WriteOutcome Invalid(IReadOnlyList<HubSpotErrorDetail> errors) => new(null, errors, null);

    public static WriteOutcome From(StoreResult result) =>
        result.Record is not null ? new(result.Record, [], null) : new(null, [], result);
}
