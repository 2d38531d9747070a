namespace HubSpotSandbox.Search;

/// <summary>A parsed PublicObjectSearchRequest (docs/hubspot-api.md, "Search").</summary>
public sealed record SearchRequest(
    IReadOnlyList<IReadOnlyList<SearchFilter>> FilterGroups,
    string? Query,
    IReadOnlyList<SearchSort> Sorts,
    IReadOnlyList<string> Properties,
    int Limit,
    int After);

public sealed record SearchFilter(string PropertyName, string Operator, string? Value, IReadOnlyList<string> Values, string? HighValue);

public sealed record SearchSort(string PropertyName, bool Descending);
