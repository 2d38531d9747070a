namespace HubSpotTeamsBot.HubSpot;

/// <summary>A CRM property definition; <see cref="Options"/> are the choices (write <see cref="PropertyOption.Value"/>).</summary>
public sealed record PropertyDefinition(
    string Name,
    string Label,
    string Type,
    string FieldType,
    IReadOnlyList<PropertyOption> Options,
    string? Description = null,
    string? GroupName = null,
    int? DisplayOrder = null,
    bool Hidden = false,
    bool Calculated = false,
    bool HasUniqueValue = false,
    bool HubspotDefined = false,
    PropertyModificationMetadata? ModificationMetadata = null)
{
    /// <summary>True when HubSpot refuses writes to the value (read-only or calculated).</summary>
    public bool IsReadOnly => Calculated || ModificationMetadata?.ReadOnlyValue == true;
}

public sealed record PropertyOption(string Label, string Value, int? DisplayOrder = null, bool Hidden = false, string? Description = null);

public sealed record PropertyModificationMetadata(bool ReadOnlyValue = false, bool ReadOnlyDefinition = false, bool ReadOnlyOptions = false, bool Archivable = false);
