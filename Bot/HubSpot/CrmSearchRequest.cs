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

    /// <summary>HubSpot's page size when none is asked for.</summary>
    public const int DefaultLimit = 10;

    /// <summary>
    /// The body as sent: HubSpot's 2026-03 OpenAPI document marks <c>filterGroups</c>, <c>sorts</c>, <c>properties</c>,
    /// <c>limit</c> and <c>after</c> required, so each is always present — empty lists, HubSpot's default page size and
    /// the first page (<c>"0"</c>) where the caller left them out. The live API is lenient; the published contract is
    /// what we code to.
    /// </summary>
    public CrmSearchRequest ForWire() => this with
    {
        FilterGroups = FilterGroups ?? [],
        Sorts = Sorts ?? [],
        Properties = Properties ?? [],
        Limit = Limit ?? DefaultLimit,
        After = string.IsNullOrEmpty(After) ? "0" : After,
    };
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
