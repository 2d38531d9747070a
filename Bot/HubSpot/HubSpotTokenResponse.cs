using System.Text.Json.Serialization;

namespace HubSpotTeamsBot.HubSpot;

/// <summary>Answer of the token endpoint (code exchange or refresh). <see cref="ToString"/> never prints the tokens.</summary>
public sealed record HubSpotTokenResponse(
    [property: JsonPropertyName("access_token")] string AccessToken,
    [property: JsonPropertyName("refresh_token")] string RefreshToken,
    [property: JsonPropertyName("expires_in")] long ExpiresIn,
    [property: JsonPropertyName("token_type")] string? TokenType = null,
    [property: JsonPropertyName("token_use")] string? TokenUse = null,
    [property: JsonPropertyName("hub_id")] long? HubId = null,
    [property: JsonPropertyName("user_id")] long? UserId = null,
    [property: JsonPropertyName("scopes")] IReadOnlyList<string>? Scopes = null)
{
    public override string ToString() => $"HubSpotTokenResponse {{ ExpiresIn = {ExpiresIn}, HubId = {HubId}, TokenType = {TokenType} }}";
}
