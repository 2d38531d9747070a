using System.Globalization;
using HubSpotSandbox.Model;
using HubSpotSandbox.Writes;

namespace HubSpotSandbox.Search;

/// <summary>Compares a stored value with a filter value by the property's type (number, date-time, or text without case).</summary>
public static class PropertyComparer
{
    public static int? Compare(PropertyDefinition? definition, string stored, string value)
    {
        switch (definition?.Type)
        {
            case "number":
                return decimal.TryParse(stored, NumberStyles.Float, CultureInfo.InvariantCulture, out var a)
                    && decimal.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var b)
                    ? a.CompareTo(b) : null;
            case "datetime" or "date":
                return PropertyValidator.ParseInstant(stored) is { } x && PropertyValidator.ParseInstant(value) is { } y ? x.CompareTo(y) : null;
            default:
                return string.Compare(stored, value, StringComparison.OrdinalIgnoreCase);
        }
    }

    /// <summary>Orders values for sorts: unset values last, then by type.</summary>
    public static int CompareForSort(PropertyDefinition? definition, string? left, string? right) =>
        (left, right) switch
        {
            (null, null) => 0,
            (null, _) => 1,
            (_, null) => -1,
            _ => Compare(definition, left, right) ?? string.Compare(left, right, StringComparison.OrdinalIgnoreCase),
        };
}
