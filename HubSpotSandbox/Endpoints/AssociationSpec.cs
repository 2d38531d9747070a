using System.Globalization;
using System.Text.Json;
using HubSpotSandbox.Json;
using HubSpotSandbox.Model;

namespace HubSpotSandbox.Endpoints;

/// <summary>Reads one {associationCategory, associationTypeId} and checks it starts at the given object type.</summary>
internal static class AssociationSpec
{
    public static (AssociationType?, string?) Read(JsonElement spec, CrmObjectType fromType, CrmObjectType? toType = null)
    {
        var category = RequestBody.Text(spec, "associationCategory");
        var idText = RequestBody.Text(spec, "associationTypeId");
        if (category != AssociationTypes.HubSpotDefined)
        {
            return (null, $"associationCategory \"{category}\" is not supported by the sandbox (only {AssociationTypes.HubSpotDefined}).");
        }

        if (!int.TryParse(idText, NumberStyles.None, CultureInfo.InvariantCulture, out var id) || AssociationTypes.ById(id) is not { } type)
        {
            return (null, $"associationTypeId \"{idText}\" is not a known {AssociationTypes.HubSpotDefined} association type.");
        }

        if (type.From != fromType.Singular || (toType is not null && type.To != toType.Singular))
        {
            return (null, $"associationTypeId {id} ({type.Label}) does not start at {fromType.Singular}{(toType is null ? "" : $" and end at {toType.Singular}")}.");
        }

        return (type, null);
    }
}
