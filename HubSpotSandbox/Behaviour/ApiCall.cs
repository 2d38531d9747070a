namespace HubSpotSandbox.Behaviour;

/// <summary>
/// Endpoint metadata for a bearer-authenticated HubSpot API call: its kind (for stats), whether it is a search
/// (search has its own per-second limit and no rate-limit headers) and the scopes it needs.
/// </summary>
/// <param name="Kind">Counter name, e.g. "crm.search".</param>
/// <param name="IsSearch">Counted against the search limit instead of the ten-second burst.</param>
/// <param name="RequiredScopes">Groups of scopes; every group needs one of its scopes granted.</param>
public sealed record ApiCall(string Kind, bool IsSearch, Func<HttpContext, IReadOnlyList<IReadOnlyList<string>>> RequiredScopes);

/// <summary>Endpoint metadata for the OAuth token endpoints (latency applies, no bearer).</summary>
public sealed record OAuthCall(string Kind);

public static class ApiCallExtensions
{
    public static TBuilder Api<TBuilder>(this TBuilder builder, string kind, Func<HttpContext, IReadOnlyList<IReadOnlyList<string>>> scopes, bool isSearch = false)
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new ApiCall(kind, isSearch, scopes));

    public static TBuilder Api<TBuilder>(this TBuilder builder, string kind, params string[] anyOfScopes)
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new ApiCall(kind, false, _ => [anyOfScopes]));
}
