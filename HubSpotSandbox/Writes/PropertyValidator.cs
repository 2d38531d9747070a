using System.Globalization;
using System.Text.RegularExpressions;
using HubSpotSandbox.Errors;
using HubSpotSandbox.Model;
using HubSpotSandbox.State;

namespace HubSpotSandbox.Writes;

/// <summary>
/// Checks property values against the portal's definitions the way HubSpot does on writes, and normalises them
/// (dates to ISO-8601 UTC, empty string to "clear"). Each problem names its property.
/// </summary>
public static partial class PropertyValidator
{
    public static (Dictionary<string, string?> Values, List<HubSpotErrorDetail> Errors) Validate(
        Portal portal, CrmObjectType type, IReadOnlyDictionary<string, string?> input)
    {
        ArgumentNullException.ThrowIfNull(portal);
        ArgumentNullException.ThrowIfNull(type);
        ArgumentNullException.ThrowIfNull(input);
        var values = new Dictionary<string, string?>(StringComparer.Ordinal);
        var errors = new List<HubSpotErrorDetail>();
        foreach (var (name, raw) in input)
        {
            var definition = portal.Property(type, name);
            if (definition is null)
            {
                errors.Add(Error(name, "PROPERTY_DOESNT_EXIST", $"Property \"{name}\" does not exist"));
                continue;
            }

            if (definition.ReadOnlyValue)
            {
                errors.Add(Error(name, "READ_ONLY_VALUE", $"\"{name}\" is a read only property; its value cannot be set."));
                continue;
            }

            if (string.IsNullOrEmpty(raw))
            {
                values[name] = null;
                continue;
            }

            var (normalised, error) = Check(portal, definition, raw);
            if (error is not null)
            {
                errors.Add(error);
            }
            else
            {
                values[name] = normalised;
            }
        }

        return (values, errors);
    }

    public static HubSpotErrorDetail Error(string property, string code, string message) =>
        new()
        {
            Message = message,
            Code = code,
            In = property,
            Context = new Dictionary<string, IReadOnlyList<string>> { ["propertyName"] = [property] },
        };

    /// <summary>Accepts epoch milliseconds or an ISO-8601 date-time.</summary>
    public static DateTimeOffset? ParseInstant(string value)
    {
        if (long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var ms))
        {
            return ms is >= -62135596800000 and <= 253402300799999 ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : null;
        }

        return DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var at)
            ? at
            : null;
    }

    private static (string? Value, HubSpotErrorDetail? Error) Check(Portal portal, PropertyDefinition definition, string raw)
    {
        var name = definition.Name;
        switch (definition.Type)
        {
            case "number":
                return decimal.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out _)
                    ? (raw, null)
                    : (null, Error(name, "INVALID_NUMBER", $"{raw} is not a valid number for property \"{name}\"."));
            case "datetime":
                return ParseInstant(raw) is { } at
                    ? (ObjectStore.Timestamp(at), null)
                    : (null, Error(name, "INVALID_DATE", $"{raw} is not a valid date-time for property \"{name}\" (epoch milliseconds or ISO-8601)."));
            case "date":
                return ParseInstant(raw) is { } day
                    ? (day.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), null)
                    : (null, Error(name, "INVALID_DATE", $"{raw} is not a valid date for property \"{name}\"."));
            case "bool":
                return raw is "true" or "false" ? (raw, null) : (null, Error(name, "INVALID_BOOLEAN", $"{raw} is not a valid boolean (true or false)."));
            case "enumeration":
                return CheckOption(portal, definition, raw);
            default:
                if (name == "email")
                {
                    // HubSpot keeps email addresses in lower case.
                    var email = raw.Trim();
                    return EmailPattern().IsMatch(email)
                        ? (email.ToLowerInvariant(), null)
                        : (null, Error(name, "INVALID_EMAIL", $"Email address {raw} is invalid"));
                }

                return raw.Length > 65_536
                    ? (null, Error(name, "INVALID_LENGTH", $"Property \"{name}\" is longer than 65536 characters."))
                    : (raw, null);
        }
    }

    private static (string? Value, HubSpotErrorDetail? Error) CheckOption(Portal portal, PropertyDefinition definition, string raw)
    {
        var values = definition.FieldType == "checkbox" ? raw.Split(';') : [raw];
        var allowed = definition.Options.Where(o => !(definition.Name == "dealstage" && o.Hidden)).Select(o => o.Value).ToHashSet(StringComparer.Ordinal);
        var bad = values.FirstOrDefault(v => !allowed.Contains(v));
        if (bad is null)
        {
            return (raw, null);
        }

        if (definition.Name == "hubspot_owner_id")
        {
            var archived = portal.Owners.Any(o => o.Id == bad);
            return (null, Error(definition.Name, "INVALID_OWNER_ID",
                archived ? $"{bad} is an inactive owner and cannot be assigned." : $"{bad} is not a valid owner id."));
        }

        var list = string.Join(", ", definition.Options.Select(o => $"{o.Label}: {o.Value}"));
        return (null, Error(definition.Name, "INVALID_OPTION", $"{bad} was not one of the allowed options: [{list}]"));
    }

    [GeneratedRegex(@"^[^@\s]+@[^@\s]+\.[^@\s]+$")]
    private static partial Regex EmailPattern();
}
