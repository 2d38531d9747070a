using System.Globalization;
using System.Text.Json;
using HubSpotSandbox.Errors;

namespace HubSpotSandbox.Json;

/// <summary>Reads JSON bodies by hand so that malformed input gets HubSpot's 400 shape, never a 500.</summary>
public static class RequestBody
{
    public const int MaxBytes = 4 * 1024 * 1024;

    public static async Task<(JsonElement Body, IResult? Error)> ReadAsync(HttpContext context, JsonValueKind expected = JsonValueKind.Object)
    {
        ArgumentNullException.ThrowIfNull(context);
        try
        {
            using var document = await JsonDocument.ParseAsync(context.Request.Body, default, context.RequestAborted);
            if (document.RootElement.ValueKind != expected)
            {
                return (default, HubSpotErrors.Validation(context, $"Invalid input JSON: expected a JSON {expected.ToString().ToLowerInvariant()}."));
            }

            return (document.RootElement.Clone(), null);
        }
        catch (JsonException ex)
        {
            return (default, HubSpotErrors.Validation(context,
                string.Create(CultureInfo.InvariantCulture, $"Invalid input JSON on line {ex.LineNumber + 1}, column {ex.BytePositionInLine + 1}: {ex.Message}")));
        }
    }

    /// <summary>Reads a "properties" map. HubSpot's model is string to string; numbers and booleans are accepted as text.</summary>
    public static (Dictionary<string, string?> Values, string? Problem) Properties(JsonElement body)
    {
        var values = new Dictionary<string, string?>(StringComparer.Ordinal);
        if (body.ValueKind != JsonValueKind.Object)
        {
            return (values, "Each input must be a JSON object.");
        }

        if (!body.TryGetProperty("properties", out var properties) || properties.ValueKind == JsonValueKind.Null)
        {
            return (values, null);
        }

        if (properties.ValueKind != JsonValueKind.Object)
        {
            return (values, "\"properties\" must be an object of property names to values.");
        }

        foreach (var property in properties.EnumerateObject())
        {
            switch (property.Value.ValueKind)
            {
                case JsonValueKind.String: values[property.Name] = property.Value.GetString(); break;
                case JsonValueKind.Number: values[property.Name] = property.Value.GetRawText(); break;
                case JsonValueKind.True: values[property.Name] = "true"; break;
                case JsonValueKind.False: values[property.Name] = "false"; break;
                case JsonValueKind.Null: values[property.Name] = null; break;
                default: return (values, $"Property \"{property.Name}\" must be a string, number or boolean.");
            }
        }

        return (values, null);
    }

    public static string? Text(JsonElement body, string name) =>
        body.ValueKind == JsonValueKind.Object && body.TryGetProperty(name, out var value)
            ? value.ValueKind switch
            {
                JsonValueKind.String => value.GetString(),
                JsonValueKind.Number => value.GetRawText(),
                JsonValueKind.True => "true",
                JsonValueKind.False => "false",
                _ => null,
            }
            : null;
}
