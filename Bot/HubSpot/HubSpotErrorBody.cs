using System.Text.Json;
using System.Text.Json.Serialization;

namespace HubSpotTeamsBot.HubSpot;

/// <summary>
/// HubSpot's error body (CRM <c>Error</c>, the 429 variant with <c>policyName</c>, and the OAuth
/// <c>error</c>/<c>error_description</c> form). HubSpot says to treat every field as optional.
/// </summary>
internal sealed record HubSpotErrorBody
{
    public string? Status { get; init; }
    public string? Message { get; init; }
    public string? Category { get; init; }
    public string? SubCategory { get; init; }
    public string? CorrelationId { get; init; }
    public string? PolicyName { get; init; }
    public string? ErrorType { get; init; }
    public Dictionary<string, JsonElement>? Context { get; init; }
    public IReadOnlyList<HubSpotErrorDetail>? Errors { get; init; }

    [JsonPropertyName("error")]
    public string? OAuthError { get; init; }

    [JsonPropertyName("error_description")]
    public string? OAuthErrorDescription { get; init; }
}

internal sealed record HubSpotErrorDetail
{
    public string? Message { get; init; }
    public string? Code { get; init; }
    public string? In { get; init; }
    public string? SubCategory { get; init; }
    public Dictionary<string, JsonElement>? Context { get; init; }
}
