using HubSpotTeamsBot.HubSpot;

namespace HubSpotTeamsBot.Records.Schema;

/// <summary>
/// HubSpot's 400 on a write, mapped back to the form: an error under each field it names, a sentence for the ones
/// the form does not show, and whether the cached property definitions are stale (an unknown property or option
/// means an admin changed them in HubSpot since they were read).
/// </summary>
public sealed record SchemaErrors(IReadOnlyDictionary<string, string> FieldErrors, string? Banner, bool DefinitionsStale, IReadOnlyList<string> MissingRequired)
{
    private static readonly string[] StaleCodes = ["PROPERTY_DOESNT_EXIST", "INVALID_OPTION"];

    public static SchemaErrors From(HubSpotValidationException refused, IReadOnlyCollection<string> formFields)
    {
        ArgumentNullException.ThrowIfNull(refused);
        ArgumentNullException.ThrowIfNull(formFields);
        var onForm = new Dictionary<string, string>(StringComparer.Ordinal);
        var elsewhere = new List<string>();
        var missing = new List<string>();
        var stale = false;
        foreach (var (property, message) in refused.FieldErrors)
        {
            var code = refused.FieldCodes.GetValueOrDefault(property);
            stale |= code is not null && StaleCodes.Contains(code)
                || message.Contains("does not exist", StringComparison.OrdinalIgnoreCase)
                || message.Contains("allowed options", StringComparison.OrdinalIgnoreCase);
            var required = code == "MISSING_REQUIRED_PROPERTY" || message.Contains("is required", StringComparison.OrdinalIgnoreCase);
            if (required) missing.Add(property);
            var said = $"HubSpot: {message}";
            if (formFields.Contains(property)) onForm[property] = said;
            else if (!required) elsewhere.Add($"{property}: {message}");
        }

        var banner = elsewhere.Count > 0 ? "HubSpot refused the save — " + string.Join("; ", elsewhere) : "HubSpot refused some values: see the fields marked below.";
        if (missing.Any(m => !formFields.Contains(m))) banner = "HubSpot requires more fields on this form: they are added below. Fill them in and save again.";
        return new SchemaErrors(onForm, banner, stale, missing);
    }
}
