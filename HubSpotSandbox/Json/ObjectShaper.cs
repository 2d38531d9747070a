using System.Globalization;
using HubSpotSandbox.Model;
using HubSpotSandbox.State;

namespace HubSpotSandbox.Json;

/// <summary>Turns stored records into HubSpot's response shape, choosing the returned properties like HubSpot does.</summary>
public static class ObjectShaper
{
    /// <summary>Parses HubSpot's comma-separated (or repeated) list parameters.</summary>
    public static IReadOnlyList<string> ListParameter(HttpRequest request, string name)
    {
        ArgumentNullException.ThrowIfNull(request);
        return request.Query[name].SelectMany(v => (v ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).Distinct().ToList();
    }

    /// <summary>The record with all of its stored properties (create and update responses).</summary>
    public static SimplePublicObject Full(CrmRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return Shape(record, record.Properties.ToDictionary(kv => kv.Key, kv => (string?)kv.Value, StringComparer.Ordinal), null);
    }

    /// <summary>The requested properties (or the type's defaults); requested but unset properties come back as null.</summary>
    public static SimplePublicObject Selected(Portal portal, CrmRecord record, IReadOnlyList<string> requested, IReadOnlyList<string>? associationTypes = null)
    {
        ArgumentNullException.ThrowIfNull(portal);
        ArgumentNullException.ThrowIfNull(record);
        var names = requested.Count > 0 ? requested : DefaultProperties(record.Type);
        var properties = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var name in names.Concat(SystemProperties(record.Type)))
        {
            if (portal.Property(record.Type, name) is not null)
            {
                properties[name] = record.Get(name);
            }
        }

        Dictionary<string, AssociationList>? associations = null;
        if (associationTypes is { Count: > 0 })
        {
            associations = new Dictionary<string, AssociationList>(StringComparer.Ordinal);
            foreach (var requestedType in associationTypes)
            {
                var toType = CrmObjectType.Find(requestedType);
                if (toType is null)
                {
                    continue;
                }

                var refs = record.Associations.Where(a => a.ToType == toType.Singular)
                    .Select(a => new AssociationRef(a.ToId.ToString(CultureInfo.InvariantCulture), AssociationTypes.ById(a.TypeId)?.Label ?? $"{record.Type.Singular}_to_{toType.Singular}"))
                    .ToList();
                if (refs.Count > 0)
                {
                    associations[toType.Name] = new AssociationList(refs);
                }
            }
        }

        return Shape(record, properties, associations);
    }

    public static IReadOnlyList<string> DefaultProperties(CrmObjectType type) => type.DefaultProperties;

    private static IEnumerable<string> SystemProperties(CrmObjectType type) =>
        type == CrmObjectType.Contacts ? ["createdate", "lastmodifieddate", "hs_object_id"]
        : type.IsActivity ? ["hs_createdate", "hs_lastmodifieddate", "hs_object_id"]
        : ["createdate", "hs_lastmodifieddate", "hs_object_id"];

    private static SimplePublicObject Shape(CrmRecord record, IReadOnlyDictionary<string, string?> properties, IReadOnlyDictionary<string, AssociationList>? associations) =>
        new()
        {
            Id = record.Id.ToString(CultureInfo.InvariantCulture),
            Properties = properties,
            CreatedAt = record.CreatedAt,
            UpdatedAt = record.UpdatedAt,
            Archived = record.Archived,
            ArchivedAt = record.ArchivedAt,
            Associations = associations is { Count: > 0 } ? associations : null,
        };
}
