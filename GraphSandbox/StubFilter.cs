using System.Text.RegularExpressions;

namespace GraphSandbox;

/// <summary>The two OData filter shapes the bot sends — <c>prop eq 'v'</c> and <c>startsWith(prop,'v')</c> — parsed
/// strictly, so a change in what the bot sends shows up as a 400 like Graph's, not as a silent match.</summary>
public sealed partial record StubFilter(string Property, string Value, bool StartsWith)
{
    public static StubFilter? Parse(string? filter)
    {
        if (string.IsNullOrWhiteSpace(filter))
        {
            return null;
        }

        var eq = EqPattern().Match(filter.Trim());
        if (eq.Success)
        {
            return new StubFilter(eq.Groups["prop"].Value, Unquote(eq.Groups["value"].Value), StartsWith: false);
        }

        var starts = StartsWithPattern().Match(filter.Trim());
        return starts.Success ? new StubFilter(starts.Groups["prop"].Value, Unquote(starts.Groups["value"].Value), StartsWith: true) : null;
    }

    public bool Matches(string property, string? actual) =>
        string.Equals(property, Property, StringComparison.OrdinalIgnoreCase) && actual is not null
        && (StartsWith
            ? actual.StartsWith(Value, StringComparison.OrdinalIgnoreCase)
            : string.Equals(actual, Value, StringComparison.OrdinalIgnoreCase));

    private static string Unquote(string value) => value.Replace("''", "'", StringComparison.Ordinal);

    [GeneratedRegex(@"^(?<prop>\w+) eq '(?<value>(?:[^']|'')*)'$")]
    private static partial Regex EqPattern();

    [GeneratedRegex(@"^startsWith\((?<prop>\w+),\s*'(?<value>(?:[^']|'')*)'\)$", RegexOptions.IgnoreCase)]
    private static partial Regex StartsWithPattern();
}
