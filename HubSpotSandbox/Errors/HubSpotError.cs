using System.Text.Json.Serialization;

namespace HubSpotSandbox.Errors;

/// <summary>HubSpot's standard error body (docs/hubspot-api.md, "Errors": category, correlationId, message, errors[], context).</summary>
public sealed record HubSpotError
{
    public string Status { get; init; } = "error";
    public required string Message { get; init; }
    public required string CorrelationId { get; init; }
    public required string Category { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? SubCategory { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<HubSpotErrorDetail>? Errors { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyDictionary<string, IReadOnlyList<string>>? Context { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyDictionary<string, string>? Links { get; init; }
}

/// <summary>One entry of errors[]: a per-field problem with its context.</summary>
public sealed record HubSpotErrorDetail
{
    public required string Message { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Code { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? In { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyDictionary<string, IReadOnlyList<string>>? Context { get; init; }
}

/// <summary>The 429 body (docs/hubspot-api.md, "429 body"): errorType RATE_LIMIT and the policy that was hit.</summary>
public sealed record RateLimitError
{
    public string Status { get; init; } = "error";
    public required string Message { get; init; }
    public string ErrorType { get; init; } = "RATE_LIMIT";
    public required string CorrelationId { get; init; }
    public required string PolicyName { get; init; }
    public required string RequestId { get; init; }
}

/// <summary>OAuth error body: RFC 6749 error/error_description plus HubSpot's legacy status/message.</summary>
public sealed record OAuthError
{
    [JsonPropertyName("error")]
    public required string Error { get; init; }

    [JsonPropertyName("error_description")]
    public required string ErrorDescription { get; init; }

    [JsonPropertyName("status")]
    public required string Status { get; init; }

    [JsonPropertyName("message")]
    public required string Message { get; init; }

    [JsonPropertyName("correlationId")]
    public required string CorrelationId { get; init; }
}
