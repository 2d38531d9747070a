using System.Text.RegularExpressions;
using HubSpotTeamsBot.HubSpot;

namespace HubSpotTeamsBot.Features.MessageExtension;

/// <summary>
/// HubSpot's free-text search rule, applied locally: the query is split into words, and a record matches when every
/// query word begins a word (or the whole value) of one of the type's searchable properties. The bot uses it only to
/// narrow a result set HubSpot returned complete for a shorter query (docs/hubspot-api.md, "Search"): a record
/// matching "adal" also matches "ada", so "adal" needs no new search once every "ada" match is known. It also finds
/// known records while HubSpot is busy (<see cref="SeenRecords"/>).
/// </summary>
public static partial class SearchMatch
{
    /// <summary>The properties HubSpot's <c>query</c> searches per type (the record id matches too).</summary>
    public static IReadOnlyList<string> SearchableProperties(CrmObjectType type) => type == CrmObjectType.Deals
        ? ["dealname"]
        : ["firstname", "lastname", "email", "phone", "mobilephone", "company", "website"];

    /// <summary>The query's words, lower case.</summary>
    public static string[] Terms(string text) => Words(text).ToArray();

    public static bool Matches(CrmObjectType type, CrmObject record, IReadOnlyList<string> terms)
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(terms);
        if (terms.Count == 0) return true;
        var words = SearchableProperties(type).Select(p => record[p]).Append(record.Id).OfType<string>()
            .SelectMany(v => Words(v).Append(v.ToLowerInvariant()))
            .ToList();
        return terms.All(term => words.Exists(w => w.StartsWith(term, StringComparison.Ordinal)));
    }

    private static IEnumerable<string> Words(string text) =>
        WordSplit().Split(text.ToLowerInvariant()).Where(t => t.Length > 0);

    [GeneratedRegex(@"[^\p{L}\p{N}]+")]
    private static partial Regex WordSplit();
}
