using System.Text.Json.Serialization;

namespace HubSpotTeamsBot.HubSpot;

/// <summary>Body of <c>POST /crm/objects/{v}/{type}/search</c>: groups are OR-ed, filters inside a group AND-ed.</summary>
public sealed record CrmSearchRequest
{
    public string? Query { get; init; }

    public IReadOnlyList<CrmFilterGroup>? FilterGroups { get; init; }

    public IReadOnlyList<CrmSort>? Sorts { get; init; }

    public IReadOnlyList<string>? Properties { get; init; }

    /// <summary>Page size; HubSpot allows at most 200.</summary>
    public int? Limit { get; init; }

    /// <summary>Paging cursor from <see cref="CrmSearchPage.NextAfter"/>.</summary>
    public string? After { get; init; }
}

public sealed record CrmFilterGroup(IReadOnlyList<CrmFilter> Filters);

public sealed record CrmFilter(
    string PropertyName,
    [property: JsonConverter(typeof(JsonStringEnumConverter<CrmFilterOperator>))] CrmFilterOperator Operator,
    string? Value = null,
    IReadOnlyList<string>? Values = null,
    string? HighValue = null);

public sealed record CrmSort(
    string PropertyName,
    [property: JsonConverter(typeof(JsonStringEnumConverter<CrmSortDirection>))] CrmSortDirection Direction = CrmSortDirection.Ascending);

public enum CrmSortDirection
{
    [JsonStringEnumMemberName("ASCENDING")] Ascending,
    [JsonStringEnumMemberName("DESCENDING")] Descending,
}

public enum CrmFilterOperator
{
    [JsonStringEnumMemberName("EQ")] Eq,
    [JsonStringEnumMemberName("NEQ")] Neq,
    [JsonStringEnumMemberName("LT")] Lt,
    [JsonStringEnumMemberName("LTE")] Lte,
    [JsonStringEnumMemberName("GT")] Gt,
    [JsonStringEnumMemberName("GTE")] Gte,
    [JsonStringEnumMemberName("BETWEEN")] Between,
    [JsonStringEnumMemberName("IN")] In,
    [JsonStringEnumMemberName("NOT_IN")] NotIn,
    [JsonStringEnumMemberName("HAS_PROPERTY")] HasProperty,
    [JsonStringEnumMemberName("NOT_HAS_PROPERTY")] NotHasProperty,
    [JsonStringEnumMemberName("CONTAINS_TOKEN")] ContainsToken,
    [JsonStringEnumMemberName("NOT_CONTAINS_TOKEN")] NotContainsToken,
}
