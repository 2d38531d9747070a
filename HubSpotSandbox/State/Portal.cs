using System.Collections.Concurrent;
using HubSpotSandbox.Model;

namespace HubSpotSandbox.State;

/// <summary>One HubSpot account (portal): its settings, owners, pipelines, property definitions and records.</summary>
public sealed class Portal
{
    public required long Id { get; init; }
    public required string Name { get; init; }
    public required string HubDomain { get; init; }
    public string UiDomain { get; init; } = "app.hubspot.com";
    public string DataHostingLocation { get; init; } = "na1";
    public string TimeZone { get; init; } = "Europe/London";
    public string Currency { get; init; } = "GBP";
    public required IReadOnlyList<Owner> Owners { get; init; }
    public required IReadOnlyList<Pipeline> Pipelines { get; init; }
    /// <summary>By object type; a type's list is replaced whole when an admin changes a property (see <see cref="ReplaceOptions"/>).</summary>
    public required ConcurrentDictionary<string, IReadOnlyList<PropertyDefinition>> Properties { get; init; }
    public required ObjectStore Store { get; init; }
    public PortalStats Stats { get; } = new();
    public RateLimitLog RateLimitLog { get; } = new();

    /// <summary>Demo portals are offered on the consent page; test portals are not.</summary>
    public bool IsDemo { get; init; }

    /// <summary>The super admin who installs the app (first owner).</summary>
    public Owner Admin => Owners[0];

    public PropertyDefinition? Property(CrmObjectType type, string name) =>
        Properties[type.Name].FirstOrDefault(p => p.Name == name);

    /// <summary>
    /// An admin edits a property's choices in HubSpot's settings: the options are replaced, existing values stay as
    /// stored. Null when the property does not exist or is not an enumeration.
    /// </summary>
    public PropertyDefinition? ReplaceOptions(CrmObjectType type, string name, IReadOnlyList<PropertyOption> options, DateTimeOffset at)
    {
        while (true)
        {
            var current = Properties[type.Name];
            var index = current.ToList().FindIndex(p => p.Name == name);
            if (index < 0 || current[index].Type is not ("enumeration" or "bool")) return null;
            var changed = current[index] with { Options = options, UpdatedAt = at };
            var list = current.ToList();
            list[index] = changed;
            if (Properties.TryUpdate(type.Name, list, current)) return changed;
        }
    }

    public Pipeline? Pipeline(string id) => Pipelines.FirstOrDefault(p => p.Id == id);
}
