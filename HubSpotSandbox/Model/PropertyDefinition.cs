using System.Text.Json.Serialization;

namespace HubSpotSandbox.Model;

/// <summary>HubSpot's Property (docs/hubspot-api.md, "Properties").</summary>
public sealed record PropertyDefinition
{
    public required string Name { get; init; }
    public required string Label { get; init; }

    /// <summary>string, number, date, datetime, enumeration, bool.</summary>
    public required string Type { get; init; }

    /// <summary>text, textarea, number, date, select, radio, checkbox, booleancheckbox, calculation_equation.</summary>
    public required string FieldType { get; init; }

    public string Description { get; init; } = "";
    public required string GroupName { get; init; }
    public IReadOnlyList<PropertyOption> Options { get; init; } = [];
    public int DisplayOrder { get; init; } = -1;
    public bool Calculated { get; init; }
    public bool ExternalOptions { get; init; }
    public bool HasUniqueValue { get; init; }
    public bool Hidden { get; init; }
    public bool HubspotDefined { get; init; } = true;
    public bool FormField { get; init; }
    public string DataSensitivity { get; init; } = "non_sensitive";
    public required PropertyModificationMetadata ModificationMetadata { get; init; }
    public DateTimeOffset CreatedAt { get; init; } = DateTimeOffset.Parse("2019-08-06T02:41:52.082Z", System.Globalization.CultureInfo.InvariantCulture);
    public DateTimeOffset UpdatedAt { get; init; } = DateTimeOffset.Parse("2026-03-30T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture);
    public bool Archived { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? ReferencedObjectType { get; init; }

    /// <summary>Required on create (not part of HubSpot's model; the sandbox's stand-in for required fields).</summary>
    [JsonIgnore]
    public bool RequiredOnCreate { get; init; }

    [JsonIgnore]
    public bool ReadOnlyValue => ModificationMetadata.ReadOnlyValue;
}

public sealed record PropertyOption(string Label, string Value, int DisplayOrder, bool Hidden = false, string Description = "");

public sealed record PropertyModificationMetadata(bool Archivable, bool ReadOnlyDefinition, bool ReadOnlyValue, bool? ReadOnlyOptions = null);
