using HubSpotTeamsBot.HubSpot;

namespace HubSpotTeamsBot.Records.Schema;

/// <summary>One form field built from a HubSpot property definition: the input id is the property's name.</summary>
public sealed record SchemaField(string Name, string Label, FieldKind Kind, IReadOnlyList<SchemaOption> Options, bool Required = false)
{
    /// <summary>Choice sets longer than this are searchable (Input.ChoiceSet style "filtered").</summary>
    public const int FilteredAbove = 8;

    public bool HasOptions => Kind is FieldKind.Select or FieldKind.MultiSelect or FieldKind.Boolean;

    public string? OptionLabel(string? value) => value is null ? null : Options.FirstOrDefault(o => o.Value == value)?.Label;

    /// <summary>The form's field for a property; null for a property no form can write (read-only, calculated).</summary>
    public static SchemaField? From(PropertyDefinition property, bool required = false)
    {
        ArgumentNullException.ThrowIfNull(property);
        if (property.IsReadOnly || property.Hidden) return null;
        var options = (property.Options ?? []).Where(o => !o.Hidden).OrderBy(o => o.DisplayOrder ?? int.MaxValue)
            .Select(o => new SchemaOption(o.Label, o.Value)).ToList();
        var kind = KindOf(property);
        if (kind == FieldKind.Boolean && options.Count == 0) options = [new("Yes", "true"), new("No", "false")];
        // An enumeration with no visible option cannot be answered (Teams refuses an empty choice set).
        if (kind is FieldKind.Select or FieldKind.MultiSelect && options.Count == 0) return null;
        return new SchemaField(property.Name, property.Label, kind, options, required);
    }

    private static FieldKind KindOf(PropertyDefinition property) => (property.Type, property.FieldType) switch
    {
        (_, "booleancheckbox") or ("bool", _) => FieldKind.Boolean,
        ("enumeration", "checkbox") => FieldKind.MultiSelect,
        ("enumeration", _) => FieldKind.Select,
        ("number", _) => FieldKind.Number,
        ("date", _) => FieldKind.Date,
        ("datetime", _) => FieldKind.DateTime,
        (_, "textarea") => FieldKind.TextArea,
        (_, "phonenumber") => FieldKind.Phone,
        _ when property.Name is "phone" or "mobilephone" or "fax" => FieldKind.Phone,
        _ when property.Name == "email" || property.Name.EndsWith("_email", StringComparison.Ordinal) => FieldKind.Email,
        _ => FieldKind.Text,
    };
}

public sealed record SchemaOption(string Label, string Value);
