using System.Globalization;
using System.Text.RegularExpressions;
using HubSpotSandbox.Model;
using HubSpotSandbox.State;

namespace HubSpotSandbox.Search;

/// <summary>
/// Evaluates a search: groups are OR-ed, filters inside a group AND-ed, the free-text query matches word prefixes
/// of the type's searchable properties. Results are sorted, then a page is cut at the offset cursor.
/// </summary>
public static partial class SearchEngine
{
    // A search evaluates the same token pattern against every record; build it once. Bounded by the distinct tokens callers use.
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, Regex> TokenPatterns = new(StringComparer.Ordinal);

    public static (int Total, IReadOnlyList<CrmRecord> Page) Run(Portal portal, CrmObjectType type, SearchRequest request)
    {
        ArgumentNullException.ThrowIfNull(portal);
        ArgumentNullException.ThrowIfNull(type);
        ArgumentNullException.ThrowIfNull(request);
        var terms = Tokens(request.Query ?? "").ToArray();
        var matches = portal.Store.All(type)
            .Where(r => request.FilterGroups.Count == 0 || request.FilterGroups.Any(g => g.All(f => Matches(portal, r, f))))
            .Where(r => terms.Length == 0 || MatchesQuery(r, type, terms))
            .ToList();
        if (request.Sorts.Count > 0)
        {
            matches.Sort((a, b) =>
            {
                foreach (var sort in request.Sorts)
                {
                    var definition = portal.Property(type, sort.PropertyName);
                    var order = PropertyComparer.CompareForSort(definition, a.Get(sort.PropertyName), b.Get(sort.PropertyName));
                    if (order != 0)
                    {
                        return sort.Descending ? -order : order;
                    }
                }

                return a.Id.CompareTo(b.Id);
            });
        }

        var page = matches.Skip(request.After).Take(Math.Min(request.Limit, SearchRequestParser.MaxResults - request.After)).ToList();
        return (matches.Count, page);
    }

    private static bool Matches(Portal portal, CrmRecord record, SearchFilter filter)
    {
        if (filter.PropertyName.StartsWith("associations.", StringComparison.Ordinal))
        {
            var toType = CrmObjectType.Find(filter.PropertyName["associations.".Length..])!;
            var ids = record.Associations.Where(a => a.ToType == toType.Singular).Select(a => a.ToId.ToString(CultureInfo.InvariantCulture)).ToList();
            return filter.Operator switch
            {
                "EQ" => ids.Contains(filter.Value!),
                "NEQ" => !ids.Contains(filter.Value!),
                "IN" => ids.Intersect(filter.Values).Any(),
                "NOT_IN" => !ids.Intersect(filter.Values).Any(),
                "HAS_PROPERTY" => ids.Count > 0,
                "NOT_HAS_PROPERTY" => ids.Count == 0,
                _ => false,
            };
        }

        var definition = portal.Property(record.Type, filter.PropertyName);
        var stored = record.Get(filter.PropertyName);
        return filter.Operator switch
        {
            "HAS_PROPERTY" => stored is not null,
            "NOT_HAS_PROPERTY" => stored is null,
            "EQ" => stored is not null && PropertyComparer.Compare(definition, stored, filter.Value!) == 0,
            "NEQ" => stored is null || PropertyComparer.Compare(definition, stored, filter.Value!) != 0,
            "LT" => stored is not null && PropertyComparer.Compare(definition, stored, filter.Value!) < 0,
            "LTE" => stored is not null && PropertyComparer.Compare(definition, stored, filter.Value!) <= 0,
            "GT" => stored is not null && PropertyComparer.Compare(definition, stored, filter.Value!) > 0,
            "GTE" => stored is not null && PropertyComparer.Compare(definition, stored, filter.Value!) >= 0,
            "BETWEEN" => stored is not null && PropertyComparer.Compare(definition, stored, filter.Value!) >= 0
                && PropertyComparer.Compare(definition, stored, filter.HighValue!) <= 0,
            "IN" => stored is not null && InValues(definition, stored, filter.Values),
            "NOT_IN" => stored is null || !InValues(definition, stored, filter.Values),
            "CONTAINS_TOKEN" => stored is not null && ContainsToken(stored, filter.Value!),
            "NOT_CONTAINS_TOKEN" => stored is null || !ContainsToken(stored, filter.Value!),
            _ => false,
        };
    }

    private static bool InValues(PropertyDefinition? definition, string stored, IReadOnlyList<string> values)
    {
        // Multi-select values are stored ';'-separated; any selected option may match.
        var storedValues = definition?.FieldType == "checkbox" ? stored.Split(';') : [stored];
        return storedValues.Any(s => values.Any(v => PropertyComparer.Compare(definition, s, v) == 0));
    }

    /// <summary>A token filter matches a whole word of the value (or the whole value); '*' is a wildcard.</summary>
    private static bool ContainsToken(string stored, string token)
    {
        if (TokenPatterns.Count > 1000)
        {
            TokenPatterns.Clear();
        }

        var pattern = TokenPatterns.GetOrAdd(token, t => new Regex("^" + string.Join(".*", t.Split('*').Select(Regex.Escape)) + "$",
            RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(200)));
        return pattern.IsMatch(stored) || Tokens(stored).Any(pattern.IsMatch);
    }

    private static bool MatchesQuery(CrmRecord record, CrmObjectType type, string[] terms)
    {
        var words = type.SearchableProperties.Select(record.Get).OfType<string>()
            .SelectMany(v => Tokens(v).Append(v.ToLowerInvariant())).ToList();
        return terms.All(term => words.Any(w => w.StartsWith(term, StringComparison.Ordinal)));
    }

    private static IEnumerable<string> Tokens(string text) =>
        WordSplit().Split(text.ToLowerInvariant()).Where(t => t.Length > 0);

    [GeneratedRegex(@"[^\p{L}\p{N}]+")]
    private static partial Regex WordSplit();
}
