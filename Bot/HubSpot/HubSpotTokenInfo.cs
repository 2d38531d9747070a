using System.Text.Json.Serialization;

namespace HubSpotTeamsBot.HubSpot;

/// <summary>Token introspection result; the echoed token itself is deliberately not kept.</summary>
public sealed record HubSpotTokenInfo(
    [property: JsonPropertyName("active")] bool Active,
    [property: JsonPropertyName("hub_id")] long? HubId = null,
    [property: JsonPropertyName("hub_domain")] string? HubDomain = null,
    [property: JsonPropertyName("scopes")] IReadOnlyList<string>? Scopes = null,
    [property: JsonPropertyName("expires_in")] long? ExpiresIn = null,
    [property: JsonPropertyName("token_use")] string? TokenUse = null,
    [property: JsonPropertyName("token_type")] string? TokenType = null,
    [property: JsonPropertyName("user")] string? User = null,
    [property: JsonPropertyName("user_id")] long? UserId = null,
    [property: JsonPropertyName("app_id")] long? AppId = null,
    [property: JsonPropertyName("client_id")] string? ClientId = null,
    [property: JsonPropertyName("is_private_distribution")] bool? IsPrivateDistribution = null);
