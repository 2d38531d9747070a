using System.Text.Json;
using System.Text.RegularExpressions;

namespace HubSpotTeamsBot.HubSpot;

/// <summary>Turns a failed HubSpot answer into the typed exception callers handle.</summary>
internal static partial class HubSpotErrors
{
    public const string CorrelationHeader = "X-HubSpot-Correlation-Id";

    public static async Task<HubSpotException> FromResponseAsync(HttpResponseMessage response, CancellationToken ct)
    {
        var body = response.Content is null ? string.Empty : await response.Content.ReadAsStringAsync(ct);
        return FromBody((int)response.StatusCode, body, HeaderCorrelationId(response), RetryAfter(response));
    }

    public static HubSpotException FromBody(int status, string body, string? headerCorrelationId, TimeSpan? retryAfter)
    {
        var error = Parse(body);
        var correlationId = headerCorrelationId ?? error?.CorrelationId;
        var category = error?.Category;
        var hubSpotMessage = error?.Message ?? error?.OAuthErrorDescription ?? error?.OAuthError;
        var message = $"HubSpot answered {status}{(category is null ? string.Empty : " " + category)}"
            + (string.IsNullOrWhiteSpace(hubSpotMessage) ? "." : $": {hubSpotMessage}");

        if (error?.OAuthError is not null)
        {
            return new HubSpotAuthException(message, status, category, correlationId, error.OAuthError, error.Status);
        }

        return status switch
        {
            400 => new HubSpotValidationException(message, FieldErrors(error), category, correlationId) { FieldCodes = FieldCodes(error) },
            401 => new HubSpotAuthException(message, status, category, correlationId),
            403 when MissingScopes(error) is { Count: > 0 } scopes => new HubSpotMissingScopesException(message, scopes, category, correlationId),
            403 => new HubSpotAuthException(message, status, category, correlationId),
            404 => new HubSpotNotFoundException(message, category, correlationId),
            409 => new HubSpotConflictException(message, ExistingId(error?.Message), category, correlationId),
            429 => new HubSpotRateLimitedException(message, PolicyName(error), retryAfter, correlationId),
            423 or 477 or >= 500 => new HubSpotUnavailableException(message, status, category, correlationId, retryAfter),
            _ => new HubSpotException(message, status, category, correlationId),
        };
    }

    /// <summary>429 policy: the body's policyName, or SECONDLY for search throttling that only says so in the message.</summary>
    public static string? PolicyName(HubSpotErrorBody? error)
    {
        if (!string.IsNullOrEmpty(error?.PolicyName))
        {
            return error.PolicyName;
        }

        var message = error?.Message ?? string.Empty;
        return message.Contains("secondly", StringComparison.OrdinalIgnoreCase) && !message.Contains("ten", StringComparison.OrdinalIgnoreCase)
            ? "SECONDLY"
            : null;
    }

    public static HubSpotErrorBody? Parse(string body)
    {
        if (string.IsNullOrWhiteSpace(body))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<HubSpotErrorBody>(body, HubSpotJson.Options);
        }
        catch (JsonException)
        {
            // Proxies and gateways answer with HTML; the status code alone must still map.
            return null;
        }
    }

    public static string? HeaderCorrelationId(HttpResponseMessage response) =>
        response.Headers.TryGetValues(CorrelationHeader, out var values) ? values.FirstOrDefault() : null;

    public static TimeSpan? RetryAfter(HttpResponseMessage response)
    {
        var retryAfter = response.Headers.RetryAfter;
        if (retryAfter?.Delta is { } delta)
        {
            return delta;
        }

        if (retryAfter?.Date is { } date)
        {
            var wait = date - DateTimeOffset.UtcNow;
            return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
        }

        return null;
    }

    /// <summary>Per-field messages from <c>errors[].in</c>, a <c>propertyName</c> context, or the JSON list HubSpot embeds in "Property values were not valid: [...]".</summary>
    public static IReadOnlyDictionary<string, string> FieldErrors(HubSpotErrorBody? error)
    {
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        if (error is null)
        {
            return fields;
        }

        foreach (var detail in error.Errors ?? [])
        {
            var field = detail.In ?? FirstContextValue(detail.Context, "propertyName") ?? FirstContextValue(detail.Context, "invalidPropertyName");
            if (field is not null && detail.Message is not null)
            {
                fields.TryAdd(field, detail.Message);
            }
        }

        foreach (var (field, message) in EmbeddedPropertyErrors(error.Message))
        {
            fields.TryAdd(field, message);
        }

        if (fields.Count == 0 && error.Message is not null)
        {
            foreach (var key in new[] { "propertyName", "invalidPropertyName", "properties" })
            {
                if (FirstContextValue(error.Context, key) is { } field)
                {
                    fields.TryAdd(field, error.Message);
                }
            }
        }

        return fields;
    }

    /// <summary>HubSpot's error code per property (INVALID_OPTION, PROPERTY_DOESNT_EXIST, MISSING_REQUIRED_PROPERTY…) where it gave one.</summary>
    public static IReadOnlyDictionary<string, string> FieldCodes(HubSpotErrorBody? error)
    {
        var codes = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var detail in error?.Errors ?? [])
        {
            var field = detail.In ?? FirstContextValue(detail.Context, "propertyName") ?? FirstContextValue(detail.Context, "invalidPropertyName");
            if (field is not null && detail.Code is not null)
            {
                codes.TryAdd(field, detail.Code);
            }
        }

        return codes;
    }

    public static IReadOnlyList<string> MissingScopes(HubSpotErrorBody? error)
    {
        var scopes = ContextValues(error?.Context, "missingScopes")
            .Concat((error?.Errors ?? []).SelectMany(detail => ContextValues(detail.Context, "missingScopes")))
            .Distinct(StringComparer.Ordinal)
            .ToList();
        if (scopes.Count == 0 && string.Equals(error?.Category, "MISSING_SCOPES", StringComparison.Ordinal))
        {
            scopes.Add("(unspecified)");
        }

        return scopes;
    }

    public static string? ExistingId(string? message)
    {
        var match = message is null ? Match.Empty : ExistingIdPattern().Match(message);
        return match.Success ? match.Groups[1].Value : null;
    }

    private static List<(string Field, string Message)> EmbeddedPropertyErrors(string? message)
    {
        var start = message?.IndexOf('[', StringComparison.Ordinal) ?? -1;
        if (message is null || start < 0 || !message.Contains("not valid", StringComparison.OrdinalIgnoreCase))
        {
            return [];
        }

        try
        {
            using var list = JsonDocument.Parse(message[start..]);
            if (list.RootElement.ValueKind != JsonValueKind.Array)
            {
                return [];
            }

            return list.RootElement.EnumerateArray()
                .Where(item => item.ValueKind == JsonValueKind.Object
                    && item.TryGetProperty("name", out var n) && n.ValueKind == JsonValueKind.String
                    && item.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.String)
                .Select(item => (item.GetProperty("name").GetString()!, item.GetProperty("message").GetString()!))
                .ToList();
        }
        catch (JsonException)
        {
            return [];
        }
    }

    private static string? FirstContextValue(Dictionary<string, JsonElement>? context, string key) =>
        ContextValues(context, key).FirstOrDefault();

    private static List<string> ContextValues(Dictionary<string, JsonElement>? context, string key)
    {
        if (context is null || !context.TryGetValue(key, out var value))
        {
            return [];
        }

        return value.ValueKind switch
        {
            JsonValueKind.Array => value.EnumerateArray().Where(v => v.ValueKind == JsonValueKind.String).Select(v => v.GetString()!).ToList(),
            JsonValueKind.String => [value.GetString()!],
            _ => [],
        };
    }

    [GeneratedRegex(@"Existing ID:\s*(\d+)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ExistingIdPattern();
}
