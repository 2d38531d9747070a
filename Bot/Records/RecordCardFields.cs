using HubSpotTeamsBot.HubSpot;
using HubSpotTeamsBot.Records.Schema;

namespace HubSpotTeamsBot.Records;

/// <summary>
/// The properties a record card shows after its own facts: those an admin put on the record's forms (<c>settings
/// forms</c>, custom properties included) that the card does not already show, by their form labels. A card then shows
/// what the person just typed into the form (a confirmation) and keeps showing it when it refreshes.
/// </summary>
public sealed class RecordCardFields(RecordSchema schema, IFormLayoutStore layouts, ILogger<RecordCardFields> logger)
{
    /// <summary>What <see cref="RecordCards"/> shows on its own (its heading and facts).</summary>
    private static readonly Dictionary<CrmObjectType, HashSet<string>> OnCard = new()
    {
        [CrmObjectType.Contacts] = ["firstname", "lastname", "email", "phone", "company", "jobtitle", "hubspot_owner_id", "lifecyclestage", "hs_lead_status"],
        [CrmObjectType.Deals] = ["dealname", "amount", "deal_currency_code", "dealstage", "pipeline", "closedate", "hubspot_owner_id"],
    };

    /// <summary>The fields of the record type's forms (new, then edit) beyond the card's own, in form order; none when
    /// the forms show their defaults (then without any HubSpot call) or HubSpot cannot list the portal's properties.</summary>
    public async Task<IReadOnlyList<SchemaField>> ForAsync(string tenantId, CrmObjectType type, CancellationToken ct)
    {
        if (!OnCard.TryGetValue(type, out var onCard)) return [];
        var kinds = FormKind.All.Where(k => k.ObjectType == type).ToList();
        var chosen = new List<FormKind>();
        foreach (var kind in kinds)
        {
            var names = await layouts.GetAsync(tenantId, kind, ct) ?? kind.Defaults;
            if (names.Any(n => !onCard.Contains(n))) chosen.Add(kind);
        }

        if (chosen.Count == 0) return [];
        var fields = new List<SchemaField>();
        try
        {
            foreach (var kind in chosen)
            {
                var form = await schema.LoadAsync(tenantId, kind, ct);
                fields.AddRange(form.Ordered.Where(f => !onCard.Contains(f.Name) && fields.TrueForAll(known => known.Name != f.Name)));
            }
        }
        catch (HubSpotException e) when (e is not HubSpotAuthException)
        {
            // The card is still worth showing with its own facts; the form itself will report HubSpot's trouble.
            logger.LogInformation("The portal's properties could not be read ({Error}); the card shows only its own facts", e.GetType().Name);
            return [];
        }

        return fields;
    }

    /// <summary>The facts for <paramref name="fields"/> with the record's values as people read them: option labels,
    /// days for dates; a field without a value is left out (as the card's own facts are).</summary>
    public static IReadOnlyList<(string Title, string? Value)> Facts(IEnumerable<SchemaField> fields, CrmObject record)
    {
        ArgumentNullException.ThrowIfNull(fields);
        ArgumentNullException.ThrowIfNull(record);
        return fields.Select(f => (f.Label, Show(f, record[f.Name]))).ToList();
    }

    private static string? Show(SchemaField field, string? value)
    {
        if (string.IsNullOrEmpty(value)) return null;
        return field.Kind switch
        {
            FieldKind.Select or FieldKind.Boolean => field.OptionLabel(value) ?? value,
            FieldKind.MultiSelect => string.Join(", ", value.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(v => field.OptionLabel(v) ?? v)),
            FieldKind.Date or FieldKind.DateTime => FieldValues.DayOf(value) ?? value,
            _ => value,
        };
    }
}
