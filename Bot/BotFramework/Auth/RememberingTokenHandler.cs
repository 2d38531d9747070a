using System.Collections.Concurrent;
using System.Security.Claims;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace HubSpotTeamsBot.BotFramework.Auth;

/// <summary>
/// The JWT handler JwtBearer uses for Bot Connector tokens, remembering the tokens it has fully validated for a few
/// minutes. The channel signs one token and sends it with many activities, and checking its RSA signature again for
/// each was the largest single cost of a turn (about 14 % of its CPU in the pipeline benchmark's profile).
/// <para>
/// Only a token that passed every check is remembered, keyed by its exact text, so a forged or altered token never
/// matches one. It is remembered until its own expiry or <see cref="MaxAge"/>, whichever comes first; after that the
/// full validation runs again, with the clock skew and the current signing keys. The activity checks that depend on the
/// request (endorsement of the channel, the <c>serviceurl</c> claim) run on every request as before.
/// </para>
/// </summary>
public sealed class RememberingTokenHandler(TimeProvider clock) : JsonWebTokenHandler
{
    /// <summary>How long a signing key the channel withdraws can still stand behind a remembered token.</summary>
    public static readonly TimeSpan MaxAge = TimeSpan.FromMinutes(5);

    /// <summary>The channel uses a handful of tokens at a time; the bound keeps memory small whatever it does.</summary>
    public const int Capacity = 1024;

    private readonly ConcurrentDictionary<string, Validated> _validated = new(StringComparer.Ordinal);

    internal int Count => _validated.Count;

    private sealed record Validated(JsonWebToken Token, ClaimsIdentity Identity, string? Issuer, DateTimeOffset Until);

    public override async Task<TokenValidationResult> ValidateTokenAsync(string token, TokenValidationParameters validationParameters)
    {
        var now = clock.GetUtcNow();
        if (_validated.TryGetValue(token, out var known))
        {
            if (now < known.Until) return Result(known);
            _validated.TryRemove(new KeyValuePair<string, Validated>(token, known));
        }

        var result = await base.ValidateTokenAsync(token, validationParameters);
        if (result is { IsValid: true, SecurityToken: JsonWebToken jwt, ClaimsIdentity: { } identity })
            Remember(token, new Validated(jwt, identity.Clone(), result.Issuer, Until(jwt, now)), now);
        return result;
    }

    /// <summary>A fresh identity each time: JwtBearer's events add claims to it (the key's endorsements).</summary>
    private static TokenValidationResult Result(Validated known) => new()
    {
        IsValid = true,
        SecurityToken = known.Token,
        ClaimsIdentity = known.Identity.Clone(),
        Issuer = known.Issuer,
    };

    private static DateTimeOffset Until(JsonWebToken token, DateTimeOffset now)
    {
        var expires = new DateTimeOffset(DateTime.SpecifyKind(token.ValidTo, DateTimeKind.Utc));
        var cap = now + MaxAge;
        return expires < cap ? expires : cap;
    }

    private void Remember(string token, Validated validated, DateTimeOffset now)
    {
        if (_validated.Count >= Capacity)
        {
            foreach (var (key, value) in _validated)
                if (value.Until <= now) _validated.TryRemove(new KeyValuePair<string, Validated>(key, value));
            if (_validated.Count >= Capacity) _validated.Clear();
        }
        _validated[token] = validated;
    }
}
