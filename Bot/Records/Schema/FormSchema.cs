namespace HubSpotTeamsBot.Records.Schema;

/// <summary>
/// What one form shows for a portal: the property names in order and, for each the portal defines, its field.
/// A name with no field is one the form renders with its own input (or one the portal no longer has, left out).
/// </summary>
public sealed record FormSchema(FormKind Kind, IReadOnlyList<string> Names, IReadOnlyDictionary<string, SchemaField> Fields)
{
    public SchemaField? Field(string name) => Fields.GetValueOrDefault(name);

    /// <summary>The fields in order (names the portal defines).</summary>
    public IEnumerable<SchemaField> Ordered => Names.Where(Fields.ContainsKey).Select(n => Fields[n]);
}
