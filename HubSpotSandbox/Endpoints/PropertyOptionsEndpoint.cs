using System.Text.Json;
using HubSpotSandbox.Errors;
using HubSpotSandbox.Json;
using HubSpotSandbox.Model;
using HubSpotSandbox.State;

namespace HubSpotSandbox.Endpoints;

/// <summary>
/// PUT /_sandbox/portals/{id}/properties/{objectType}/{name}/options with <c>{"options":[{"label","value","hidden"?}]}</c>:
/// replaces an enumeration's choices, as an admin editing the property in HubSpot would. Values already stored stay;
/// writes from then on are checked against the new choices.
/// </summary>
public static class PropertyOptionsEndpoint
{
    public static async Task<IResult> ReplaceAsync(HttpContext context, long portalId, string objectType, string propertyName,
        SandboxState state, TimeProvider time)
    {
        if (state.Find(portalId) is not { } portal)
        {
            return Results.NotFound(new { message = $"No portal {portalId}." });
        }

        if (CrmObjectType.Find(objectType) is not { } type)
        {
            return Results.NotFound(new { message = $"Unknown object type {objectType}." });
        }

        var (body, error) = await RequestBody.ReadAsync(context);
        if (error is not null)
        {
            return error;
        }

        if (!body.TryGetProperty("options", out var list) || list.ValueKind != JsonValueKind.Array || list.GetArrayLength() == 0)
        {
            return HubSpotErrors.Validation(context, "options must be a non-empty array of {label, value}.");
        }

        var options = new List<PropertyOption>();
        foreach (var item in list.EnumerateArray())
        {
            var label = RequestBody.Text(item, "label");
            var value = RequestBody.Text(item, "value");
            if (string.IsNullOrWhiteSpace(label) || string.IsNullOrWhiteSpace(value))
            {
                return HubSpotErrors.Validation(context, "Every option needs a label and a value.");
            }

            var hidden = item.TryGetProperty("hidden", out var h) && h.ValueKind == JsonValueKind.True;
            options.Add(new PropertyOption(label, value, options.Count, hidden));
        }

        if (options.Select(o => o.Value).Distinct(StringComparer.Ordinal).Count() != options.Count)
        {
            return HubSpotErrors.Validation(context, "Option values must be unique.");
        }

        return portal.ReplaceOptions(type, propertyName, options, time.GetUtcNow()) is { } changed
            ? Results.Json(changed)
            : Results.NotFound(new { message = $"No enumeration property {propertyName} on {type.Name}." });
    }
}
