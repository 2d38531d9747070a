using Microsoft.IdentityModel.Tokens;

namespace Bot.Tests.Harness;

/// <summary>What the simulator puts in a channel token; the defaults are a valid Bot Connector token.</summary>
public sealed record TokenSpec
{
    public string Issuer { get; init; } = "https://api.botframework.com";
    public string? Audience { get; init; }
    public string? ServiceUrl { get; init; }
    public DateTime? NotBefore { get; init; }
    public DateTime? Expires { get; init; }
    public string Algorithm { get; init; } = SecurityAlgorithms.RsaSha256;
    public SimulatorKeys.SigningKey? Key { get; init; }

    /// <summary>Signs with <see cref="Key"/> but labels the token with another key id (a forged signature).</summary>
    public SimulatorKeys.SigningKey? ClaimedKey { get; init; }
}
