namespace HubSpotTeamsBot.Identity;

public enum PrincipalLookupOutcome
{
    Found,
    Ambiguous,
    NotFound,
}

/// <summary>What a typed principal ("user@domain", "group:Name", an object id) resolved to. Ambiguous means the
/// caller shows <see cref="Candidates"/> as a choice; NotFound carries a <see cref="Problem"/> to show.</summary>
public sealed record PrincipalLookup(PrincipalLookupOutcome Outcome, Principal? Principal, IReadOnlyList<Principal> Candidates, string? Problem)
{
    public static PrincipalLookup Found(Principal principal) => new(PrincipalLookupOutcome.Found, principal, [principal], null);

    public static PrincipalLookup Ambiguous(IReadOnlyList<Principal> candidates) => new(PrincipalLookupOutcome.Ambiguous, null, candidates, null);

    public static PrincipalLookup NotFound(string problem) => new(PrincipalLookupOutcome.NotFound, null, [], problem);
}
