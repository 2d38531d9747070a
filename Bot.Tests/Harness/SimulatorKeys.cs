using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Microsoft.IdentityModel.Tokens;

namespace Bot.Tests.Harness;

/// <summary>
/// The signing keys the simulated Bot Connector uses: one endorsed for msteams (what Teams signs with), one endorsed
/// only for another channel, and one that is never published (an attacker's key).
/// </summary>
public sealed class SimulatorKeys : IDisposable
{
    public SigningKey Teams { get; } = new("teams-key", ["msteams"]);
    public SigningKey OtherChannel { get; } = new("webchat-key", ["webchat"]);
    public SigningKey Unpublished { get; } = new("rogue-key", ["msteams"]);

    public JsonObject Jwks() => new()
    {
        ["keys"] = new JsonArray(Teams.ToJwk(), OtherChannel.ToJwk()),
    };

    public void Dispose()
    {
        Teams.Dispose();
        OtherChannel.Dispose();
        Unpublished.Dispose();
    }

    public sealed class SigningKey(string kid, string[] endorsements) : IDisposable
    {
        private readonly RSA _rsa = RSA.Create(2048);

        public string Kid { get; } = kid;
        public SecurityKey SecurityKey => new RsaSecurityKey(_rsa) { KeyId = Kid };

        public JsonObject ToJwk()
        {
            var p = _rsa.ExportParameters(false);
            return new JsonObject
            {
                ["kty"] = "RSA",
                ["use"] = "sig",
                ["kid"] = Kid,
                ["n"] = Base64UrlEncoder.Encode(p.Modulus),
                ["e"] = Base64UrlEncoder.Encode(p.Exponent),
                ["endorsements"] = new JsonArray([.. endorsements.Select(e => (JsonNode)e)]),
            };
        }

        public void Dispose() => _rsa.Dispose();
    }
}
