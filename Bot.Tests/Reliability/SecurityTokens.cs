using System.Text;
using Bot.Tests.Harness;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Bot.Tests.Reliability;

/// <summary>Forged channel tokens the simulator's <see cref="TokenSpec"/> cannot express: unsigned, HMAC-confused, claims left out.</summary>
public static class SecurityTokens
{
    /// <summary>"alg": "none" with an empty signature, otherwise a perfect Bot Connector token.</summary>
    public static string AlgNone(ChannelSimulator simulator)
    {
        static string Part(string json) => Base64UrlEncoder.Encode(Encoding.UTF8.GetBytes(json));
        var now = DateTimeOffset.UtcNow;
        var header = Part($$"""{"alg":"none","typ":"JWT","kid":"{{simulator.Keys.Teams.Kid}}"}""");
        var payload = Part($$"""{"iss":"https://api.botframework.com","aud":"{{ChannelSimulator.AppId}}","serviceurl":"{{simulator.ServiceUrl}}","nbf":{{now.AddMinutes(-1).ToUnixTimeSeconds()}},"exp":{{now.AddHours(1).ToUnixTimeSeconds()}}}""");
        return $"{header}.{payload}.";
    }

    /// <summary>The classic key confusion: HS256 "signed" with the public RSA modulus as the shared secret, under the published kid.</summary>
    public static string HmacWithPublicKey(ChannelSimulator simulator)
    {
        var modulus = Base64UrlEncoder.DecodeBytes(simulator.Keys.Teams.ToJwk()["n"]!.GetValue<string>());
        var key = new SymmetricSecurityKey(modulus) { KeyId = simulator.Keys.Teams.Kid };
        return Create(simulator, new SigningCredentials(key, SecurityAlgorithms.HmacSha256), withServiceUrl: true);
    }

    /// <summary>Properly signed by the Teams key, but without the serviceurl claim the bot binds replies to.</summary>
    public static string WithoutServiceUrlClaim(ChannelSimulator simulator) =>
        Create(simulator, new SigningCredentials(simulator.Keys.Teams.SecurityKey, SecurityAlgorithms.RsaSha256), withServiceUrl: false);

    private static string Create(ChannelSimulator simulator, SigningCredentials credentials, bool withServiceUrl)
    {
        var now = DateTime.UtcNow;
        return new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = "https://api.botframework.com",
            Audience = ChannelSimulator.AppId,
            NotBefore = now.AddMinutes(-1),
            Expires = now.AddHours(1),
            IssuedAt = now.AddMinutes(-1),
            Claims = withServiceUrl ? new Dictionary<string, object> { ["serviceurl"] = simulator.ServiceUrl } : new Dictionary<string, object>(),
            SigningCredentials = credentials,
        });
    }
}
