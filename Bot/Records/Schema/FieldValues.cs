using System.Globalization;
using System.Text.RegularExpressions;
using HubSpotTeamsBot.HubSpot;

namespace HubSpotTeamsBot.Records.Schema;

/// <summary>
/// Checks a submitted value against its field's type and turns it into what HubSpot stores. The card's own checks
/// are a convenience; these run on the server. A refused value is kept on the form with the reason by the field.
/// </summary>
public static partial class FieldValues
{
    /// <summary>The value to send (null = empty) or the reason it cannot be sent.</summary>
    public readonly record struct Parsed(string? Value, string? Error);

    public static Parsed Parse(SchemaField field, string? raw)
    {
        ArgumentNullException.ThrowIfNull(field);
        var text = raw?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            return field.Required ? new(null, $"{field.Label} is required.") : new(null, null);
        }

        switch (field.Kind)
        {
            case FieldKind.Number:
                return decimal.TryParse(text, NumberStyles.Number, CultureInfo.InvariantCulture, out var number)
                    ? new(number.ToString(CultureInfo.InvariantCulture), null)
                    : new(null, $"{field.Label} must be a number, like 1250 or 12.5.");
            case FieldKind.Date:
                return Day(text) is { } day
                    ? new(day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), null)
                    : new(null, $"{field.Label} must be a date (YYYY-MM-DD).");
            case FieldKind.DateTime:
                // A date-time asked as a day is that day's midnight UTC, as HubSpot's own date pickers store it.
                return Day(text) is { } at
                    ? new(new DateTimeOffset(at.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero).ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture), null)
                    : new(null, $"{field.Label} must be a date (YYYY-MM-DD).");
            case FieldKind.Boolean:
            case FieldKind.Select:
                return field.Options.Any(o => o.Value == text) ? new(text, null) : new(null, $"Choose a {field.Label.ToLowerInvariant()} from the list.");
            case FieldKind.MultiSelect:
                var values = text.Split([',', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                return values.All(v => field.Options.Any(o => o.Value == v))
                    ? new(string.Join(';', values), null)
                    : new(null, $"Choose {field.Label.ToLowerInvariant()} from the list.");
            case FieldKind.Email:
                return EmailPattern().IsMatch(text) ? new(text, null) : new(null, "Enter an email address like name@example.com.");
            case FieldKind.Phone:
                return PhonePattern().IsMatch(text) ? new(text, null) : new(null, $"{field.Label} must be a phone number: digits, spaces, + ( ) - . and an optional extension.");
            default:
                return text.Length > HubSpotLimits.MaxStringLength
                    ? new(null, HubSpotLimits.TooLong(field.Label.ToLowerInvariant(), text.Length))
                    : new(raw, null);
        }
    }

    /// <summary>Every field's value or error; <paramref name="raw"/> holds the submitted inputs by field name.</summary>
    public static (Dictionary<string, string?> Values, Dictionary<string, string> Errors) ParseAll(
        IEnumerable<SchemaField> fields, IReadOnlyDictionary<string, string?> raw)
    {
        ArgumentNullException.ThrowIfNull(fields);
        ArgumentNullException.ThrowIfNull(raw);
        var values = new Dictionary<string, string?>(StringComparer.Ordinal);
        var errors = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var field in fields)
        {
            var parsed = Parse(field, raw.GetValueOrDefault(field.Name));
            if (parsed.Error is not null) errors[field.Name] = parsed.Error;
            else values[field.Name] = parsed.Value;
        }

        return (values, errors);
    }

    /// <summary>
    /// True when two values mean the same to HubSpot, so an untouched field is not sent back: a date-time read as ISO
    /// and submitted as the day the form showed, a number written 12.50 or 12.5, choices in another order.
    /// </summary>
    public static bool Same(SchemaField field, string? before, string? after)
    {
        ArgumentNullException.ThrowIfNull(field);
        return string.Equals(Canonical(field, before), Canonical(field, after), StringComparison.Ordinal);
    }

    /// <summary>
    /// The properties whose submitted value differs from <paramref name="before"/> (compared by meaning, see
    /// <see cref="Same"/>), each with the value to send (empty clears it). Run after the values passed <see cref="ParseAll"/>.
    /// </summary>
    public static Dictionary<string, string> Changes(IEnumerable<SchemaField> fields, IReadOnlyDictionary<string, string?> before,
        IReadOnlyDictionary<string, string?> after)
    {
        ArgumentNullException.ThrowIfNull(fields);
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        var changes = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var field in fields)
        {
            var submitted = after.GetValueOrDefault(field.Name);
            if (!Same(field, before.GetValueOrDefault(field.Name), submitted)) changes[field.Name] = Parse(field, submitted).Value ?? string.Empty;
        }

        return changes;
    }

    /// <summary>One spelling per meaning; a value that does not parse stays as written (it then differs from any valid one).</summary>
    private static string Canonical(SchemaField field, string? value)
    {
        var text = value?.Trim() ?? string.Empty;
        if (text.Length == 0) return string.Empty;
        switch (field.Kind)
        {
            case FieldKind.Number:
                return decimal.TryParse(text, NumberStyles.Number | NumberStyles.AllowExponent, CultureInfo.InvariantCulture, out var number)
                    ? number.ToString("G29", CultureInfo.InvariantCulture)
                    : text;
            case FieldKind.Date:
            case FieldKind.DateTime:
                // The form shows (and so can change) only the day: the same day is no change, and a stored time of day stays.
                return DayOf(text) ?? text;
            case FieldKind.Boolean:
                return text.ToLowerInvariant();
            case FieldKind.MultiSelect:
                return string.Join(';', text.Split([',', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                    .Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal));
            default:
                return value ?? string.Empty;
        }
    }

    /// <summary>The day part of a stored date, date-time (ISO or epoch milliseconds) or typed day, as YYYY-MM-DD; null when none.</summary>
    public static string? DayOf(string? value) => value is null ? null : Day(value)?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static DateOnly? Day(string text)
    {
        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)) return day;
        if (long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var ms) && ms is >= -62135596800000 and <= 253402300799999)
            return DateOnly.FromDateTime(DateTimeOffset.FromUnixTimeMilliseconds(ms).UtcDateTime);
        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var at)
            && text.Contains('T', StringComparison.Ordinal)
            ? DateOnly.FromDateTime(at.UtcDateTime)
            : null;
    }

    [GeneratedRegex(@"^[^@\s]+@[^@\s]+\.[^@\s]+$", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 200)]
    private static partial Regex EmailPattern();

    [GeneratedRegex(@"^\+?[0-9 ().\-]{3,40}((ext\.?|x|#)\s*[0-9]{1,8})?$", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase, matchTimeoutMilliseconds: 200)]
    private static partial Regex PhonePattern();
}
