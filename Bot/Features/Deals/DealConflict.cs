using HubSpotTeamsBot.HubSpot;
using HubSpotTeamsBot.Records.Schema;

namespace HubSpotTeamsBot.Features.Deals;

/// <summary>
/// Lost-update protection: the form remembers the deal's last-modified stamp and the values it showed; if HubSpot's
/// copy moved on since, the save is refused and each changed field says what it is now.
/// </summary>
public static class DealConflict
{
    public const string Banner = "Someone changed this deal in HubSpot after you opened the form, so nothing was saved. " +
                                 "Check the changes marked below, then reload the latest values or overwrite them with yours.";

    /// <summary>The stamp a form carries: HubSpot's last-modified time in epoch milliseconds.</summary>
    public static string? VersionOf(CrmObject deal) =>
        deal.UpdatedAt?.ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture)
        ?? deal["hs_lastmodifieddate"];

    /// <summary>Per input: "Now in HubSpot: …" for every form field whose value differs from what the form was opened with.</summary>
    /// <param name="fields">The admin's fields on the form: compared by meaning (a submitted day against HubSpot's ISO date-time).</param>
    public static Dictionary<string, string> Changes(IReadOnlyDictionary<string, string?> openedWith, IReadOnlyDictionary<string, string?> now,
        IEnumerable<SchemaField>? fields = null)
    {
        var byName = (fields ?? []).ToDictionary(f => f.Name, StringComparer.Ordinal);
        var changes = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (field, value) in now)
        {
            var before = openedWith.TryGetValue(field, out var b) ? b ?? string.Empty : string.Empty;
            var same = byName.TryGetValue(field, out var schemaField)
                ? FieldValues.Same(schemaField, before, value)
                : string.Equals(before, value ?? string.Empty, StringComparison.Ordinal);
            if (!same)
            {
                // An admin's field says its value as its input shows it: the day of a date, the label of an option.
                var shown = schemaField is null ? value
                    : schemaField.Kind is FieldKind.Date or FieldKind.DateTime ? FieldValues.DayOf(value) ?? value
                    : schemaField.OptionLabel(value) ?? value;
                changes[field] = string.IsNullOrEmpty(shown) ? "Now in HubSpot: (empty)" : $"Now in HubSpot: {Cards.CardText.Literal(shown)}";
            }
        }
        return changes;
    }
}
