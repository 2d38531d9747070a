using System.Globalization;
using System.Text.Json;
using HubSpotSandbox.Json;
using HubSpotSandbox.Model;
using HubSpotSandbox.State;

namespace HubSpotSandbox.Search;

/// <summary>Parses and checks a search body against HubSpot's limits; every refusal says what was wrong.</summary>
public static class SearchRequestParser
{
    public const int MaxLimit = 200;
    public const int MaxResults = 10_000;
    public const int MaxGroups = 5;
    public const int MaxFiltersPerGroup = 10;
    public const int MaxFilters = 25;
    public const int MaxQueryLength = 3000;

    public static readonly IReadOnlySet<string> Operators = new HashSet<string>(StringComparer.Ordinal)
    {
        "EQ", "NEQ", "LT", "LTE", "GT", "GTE", "BETWEEN", "IN", "NOT_IN", "HAS_PROPERTY", "NOT_HAS_PROPERTY", "CONTAINS_TOKEN", "NOT_CONTAINS_TOKEN",
    };

    public static (SearchRequest?, string?) Parse(JsonElement body, Portal portal, CrmObjectType type)
    {
        ArgumentNullException.ThrowIfNull(portal);
        var limit = 10;
        var limitText = RequestBody.Text(body, "limit");
        if (limitText is not null && (!int.TryParse(limitText, NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit is < 1 or > MaxLimit))
        {
            return (null, $"limit must be between 1 and {MaxLimit}.");
        }

        var afterText = RequestBody.Text(body, "after");
        var after = 0;
        if (!string.IsNullOrEmpty(afterText) && (!int.TryParse(afterText, NumberStyles.None, CultureInfo.InvariantCulture, out after)))
        {
            return (null, $"after \"{afterText}\" is not a valid paging cursor.");
        }

        if (after >= MaxResults)
        {
            return (null, $"The search API returns at most {MaxResults} results; after={after} is past that limit. Narrow the filters instead of paging further.");
        }

        var query = RequestBody.Text(body, "query");
        if (query is { Length: > MaxQueryLength })
        {
            return (null, $"query is longer than {MaxQueryLength} characters.");
        }

        var (groups, groupError) = Groups(body, portal, type);
        if (groupError is not null)
        {
            return (null, groupError);
        }

        var (sorts, sortError) = Sorts(body);
        if (sortError is not null)
        {
            return (null, sortError);
        }

        var properties = body.TryGetProperty("properties", out var p) && p.ValueKind == JsonValueKind.Array
            ? p.EnumerateArray().Where(x => x.ValueKind == JsonValueKind.String).Select(x => x.GetString()!).ToList()
            : [];
        return (new SearchRequest(groups!, query, sorts!, properties, limit, after), null);
    }

    private static (List<IReadOnlyList<SearchFilter>>?, string?) Groups(JsonElement body, Portal portal, CrmObjectType type)
    {
        var groups = new List<IReadOnlyList<SearchFilter>>();
        if (!body.TryGetProperty("filterGroups", out var raw) || raw.ValueKind == JsonValueKind.Null)
        {
            return (groups, null);
        }

        if (raw.ValueKind != JsonValueKind.Array)
        {
            return (null, "filterGroups must be an array of {filters:[...]}.");
        }

        if (raw.GetArrayLength() > MaxGroups)
        {
            return (null, $"Too many filter groups: {raw.GetArrayLength()} (at most {MaxGroups}).");
        }

        var total = 0;
        foreach (var group in raw.EnumerateArray())
        {
            if (group.ValueKind != JsonValueKind.Object || !group.TryGetProperty("filters", out var filters) || filters.ValueKind != JsonValueKind.Array)
            {
                return (null, "Each filter group needs a filters array.");
            }

            if (filters.GetArrayLength() > MaxFiltersPerGroup)
            {
                return (null, $"Too many filters in one group: {filters.GetArrayLength()} (at most {MaxFiltersPerGroup}).");
            }

            total += filters.GetArrayLength();
            var list = new List<SearchFilter>();
            foreach (var filter in filters.EnumerateArray())
            {
                var (parsed, error) = Filter(filter, portal, type);
                if (error is not null)
                {
                    return (null, error);
                }

                list.Add(parsed!);
            }

            groups.Add(list);
        }

        return total > MaxFilters ? (null, $"Too many filters: {total} (at most {MaxFilters} across all groups).") : (groups, null);
    }

    private static (SearchFilter?, string?) Filter(JsonElement filter, Portal portal, CrmObjectType type)
    {
        var name = RequestBody.Text(filter, "propertyName");
        var op = RequestBody.Text(filter, "operator");
        if (string.IsNullOrEmpty(name))
        {
            return (null, "Each filter needs a propertyName.");
        }

        if (op is null || !Operators.Contains(op))
        {
            return (null, $"Operator \"{op}\" of filter on {name} is not one of {string.Join(", ", Operators)}.");
        }

        var isAssociation = name.StartsWith("associations.", StringComparison.Ordinal) && CrmObjectType.Find(name["associations.".Length..]) is not null;
        if (!isAssociation && portal.Property(type, name) is null)
        {
            return (null, $"There was a problem with the request: property \"{name}\" does not exist on {type.Name}.");
        }

        var values = filter.TryGetProperty("values", out var v) && v.ValueKind == JsonValueKind.Array
            ? v.EnumerateArray().Select(x => x.ValueKind == JsonValueKind.String ? x.GetString()! : x.GetRawText()).ToList()
            : [];
        var value = RequestBody.Text(filter, "value");
        var needsValue = op is not ("HAS_PROPERTY" or "NOT_HAS_PROPERTY" or "IN" or "NOT_IN");
        if (needsValue && value is null)
        {
            return (null, $"Filter {name} {op} needs a value.");
        }

        if (op is "IN" or "NOT_IN" && values.Count == 0)
        {
            return (null, $"Filter {name} {op} needs values[].");
        }

        var high = RequestBody.Text(filter, "highValue");
        return op == "BETWEEN" && high is null ? (null, $"Filter {name} BETWEEN needs highValue.") : (new SearchFilter(name, op, value, values, high), null);
    }

    private static (List<SearchSort>?, string?) Sorts(JsonElement body)
    {
        var sorts = new List<SearchSort>();
        if (!body.TryGetProperty("sorts", out var raw) || raw.ValueKind == JsonValueKind.Null)
        {
            return (sorts, null);
        }

        if (raw.ValueKind != JsonValueKind.Array)
        {
            return (null, "sorts must be an array.");
        }

        foreach (var sort in raw.EnumerateArray())
        {
            if (sort.ValueKind == JsonValueKind.String)
            {
                // The spec types sorts loosely as strings; accept "name" and "-name".
                var text = sort.GetString()!;
                sorts.Add(text.StartsWith('-') ? new SearchSort(text[1..], true) : new SearchSort(text, false));
                continue;
            }

            var name = RequestBody.Text(sort, "propertyName");
            var direction = RequestBody.Text(sort, "direction") ?? "ASCENDING";
            if (string.IsNullOrEmpty(name) || direction is not ("ASCENDING" or "DESCENDING"))
            {
                return (null, "Each sort needs propertyName and direction ASCENDING or DESCENDING.");
            }

            sorts.Add(new SearchSort(name, direction == "DESCENDING"));
        }

        return (sorts, null);
    }
}
