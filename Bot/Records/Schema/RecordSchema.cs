using System.Collections.Concurrent;
using HubSpotTeamsBot.HubSpot;

namespace HubSpotTeamsBot.Records.Schema;

/// <summary>
/// Builds a form's fields from the portal's property definitions (cached per portal by the HubSpot client, with
/// expiry) and the admin's choice of properties. HubSpot's 400s teach it the rest: an unknown property or option
/// drops the cached definitions (an admin changed them in HubSpot), and a property HubSpot requires on create
/// joins that form for the portal from then on.
/// </summary>
public sealed class RecordSchema(HubSpotCrmClient crm, IFormLayoutStore layouts)
{
    private readonly ConcurrentDictionary<(string Tenant, string Kind), IReadOnlyList<string>> _required = new();

    public async Task<FormSchema> LoadAsync(string tenantId, FormKind kind, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(kind);
        var chosen = await layouts.GetAsync(tenantId, kind, ct) ?? kind.Defaults;
        var required = kind.Creating ? _required.GetValueOrDefault((tenantId, kind.Id)) ?? [] : [];
        var names = chosen.Concat(required.Where(r => !chosen.Contains(r))).Distinct(StringComparer.Ordinal).ToList();
        // Nothing to add (the deal form's default): no HubSpot call, so the form opens as before even when HubSpot is slow.
        if (names.Count == 0) return new FormSchema(kind, names, new Dictionary<string, SchemaField>());
        var properties = await crm.GetEditablePropertiesAsync(tenantId, kind.ObjectType, ct);
        var fields = new Dictionary<string, SchemaField>(StringComparer.Ordinal);
        foreach (var name in names)
        {
            if (properties.FirstOrDefault(p => p.Name == name) is { } property && SchemaField.From(property, required.Contains(name)) is { } field)
                fields[name] = field;
        }

        return new FormSchema(kind, names, fields);
    }

    /// <summary>Every property a form of this kind could show (for the admin's choice), by label.</summary>
    public async Task<IReadOnlyList<SchemaField>> AvailableAsync(string tenantId, FormKind kind, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(kind);
        var properties = await crm.GetEditablePropertiesAsync(tenantId, kind.ObjectType, ct);
        var deals = kind.ObjectType == CrmObjectType.Deals;
        // The deal form's own inputs are offered by name only, to place them: the form renders them itself.
        return properties.Select(p => deals && FormKind.DealPlaceable.Contains(p.Name) ? new SchemaField(p.Name, p.Label, FieldKind.Text, []) : SchemaField.From(p))
            .OfType<SchemaField>()
            .Where(f => !deals || FormKind.DealPlaceable.Contains(f.Name) || !FormKind.DealBuiltIn.Contains(f.Name))
            .OrderBy(f => f.Label, StringComparer.OrdinalIgnoreCase).ToList();
    }

    /// <summary>
    /// After HubSpot refused a write of this form: forgets stale definitions and remembers properties HubSpot
    /// requires. True when the form should be shown again from a fresh schema (values kept).
    /// </summary>
    public async Task<bool> LearnAsync(string tenantId, FormKind kind, SchemaErrors errors, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(kind);
        ArgumentNullException.ThrowIfNull(errors);
        var learned = false;
        if (kind.Creating && errors.MissingRequired.Count > 0)
        {
            _required.AddOrUpdate((tenantId, kind.Id), _ => errors.MissingRequired.ToList(),
                (_, known) => known.Concat(errors.MissingRequired).Distinct(StringComparer.Ordinal).ToList());
            learned = true;
        }

        if (errors.DefinitionsStale || learned)
        {
            await crm.ForgetPropertiesAsync(tenantId, kind.ObjectType, ct);
            return true;
        }

        return false;
    }
}
