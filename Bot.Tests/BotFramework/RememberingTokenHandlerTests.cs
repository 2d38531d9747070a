using System.Security.Claims;
using Bot.Tests.Harness;
using Bot.Tests.Identity;
using HubSpotTeamsBot.BotFramework.Auth;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Bot.Tests.BotFramework;

/// <summary>
/// A token that passed every check is not checked again for a few minutes; anything else is. The signing-key lookup
/// is counted: it runs once per full validation.
/// </summary>
public sealed class RememberingTokenHandlerTests : IDisposable
{
    private const string Audience = "00000000-0000-0000-0000-00000000b07a";
    private const string Issuer = "https://api.botframework.com";
    private readonly SimulatorKeys _keys = new();
    private readonly ManualTimeProvider _clock = new(DateTimeOffset.UtcNow);
    private int _keyLookups;

    public void Dispose() => _keys.Dispose();

    private TokenValidationParameters Parameters() => new()
    {
        ValidIssuer = Issuer,
        ValidAudience = Audience,
        RequireSignedTokens = true,
        RequireExpirationTime = true,
        ValidateIssuerSigningKey = true,
        IssuerSigningKeyResolver = (_, _, _, _) =>
        {
            Interlocked.Increment(ref _keyLookups);
            return [_keys.Teams.SecurityKey];
        },
    };

    private string Mint(TimeSpan? expiresIn = null, SimulatorKeys.SigningKey? key = null) =>
        new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Audience = Audience,
            NotBefore = DateTime.UtcNow.AddMinutes(-1),
            IssuedAt = DateTime.UtcNow.AddMinutes(-1),
            Expires = DateTime.UtcNow + (expiresIn ?? TimeSpan.FromHours(1)),
            // Two tokens minted in the same second would otherwise be the same text (RS256 signatures are deterministic).
            Claims = new Dictionary<string, object> { ["serviceurl"] = "https://smba.trafficmanager.net/emea/", ["jti"] = Guid.NewGuid().ToString() },
            SigningCredentials = new SigningCredentials((key ?? _keys.Teams).SecurityKey, SecurityAlgorithms.RsaSha256),
        });

    [Fact]
    public async Task A_valid_token_is_checked_once_and_accepted_again_with_the_same_claims()
    {
        var handler = new RememberingTokenHandler(_clock);
        var token = Mint();

        var first = await handler.ValidateTokenAsync(token, Parameters());
        var second = await handler.ValidateTokenAsync(token, Parameters());

        Assert.True(first.IsValid);
        Assert.True(second.IsValid);
        Assert.Equal(1, _keyLookups);
        Assert.Equal("https://smba.trafficmanager.net/emea/", second.ClaimsIdentity.FindFirst("serviceurl")?.Value);
        Assert.Equal(((JsonWebToken)first.SecurityToken).Kid, ((JsonWebToken)second.SecurityToken).Kid);
    }

    [Fact]
    public async Task Each_request_gets_its_own_identity_so_claims_added_by_one_do_not_leak_into_the_next()
    {
        var handler = new RememberingTokenHandler(_clock);
        var token = Mint();

        var first = await handler.ValidateTokenAsync(token, Parameters());
        first.ClaimsIdentity.AddClaim(new Claim(BotAuthentication.EndorsementClaim, "msteams"));
        var second = await handler.ValidateTokenAsync(token, Parameters());
        second.ClaimsIdentity.AddClaim(new Claim(BotAuthentication.EndorsementClaim, "msteams"));
        var third = await handler.ValidateTokenAsync(token, Parameters());

        Assert.Single(second.ClaimsIdentity.FindAll(BotAuthentication.EndorsementClaim));
        Assert.Empty(third.ClaimsIdentity.FindAll(BotAuthentication.EndorsementClaim));
    }

    [Fact]
    public async Task A_token_is_checked_in_full_again_after_the_maximum_age()
    {
        var handler = new RememberingTokenHandler(_clock);
        var token = Mint();
        await handler.ValidateTokenAsync(token, Parameters());

        _clock.Advance(RememberingTokenHandler.MaxAge - TimeSpan.FromSeconds(1));
        await handler.ValidateTokenAsync(token, Parameters());
        Assert.Equal(1, _keyLookups);

        _clock.Advance(TimeSpan.FromSeconds(2));
        Assert.True((await handler.ValidateTokenAsync(token, Parameters())).IsValid);
        Assert.Equal(2, _keyLookups);
    }

    [Fact]
    public async Task A_token_is_not_remembered_past_its_own_expiry()
    {
        var handler = new RememberingTokenHandler(_clock);
        var token = Mint(expiresIn: TimeSpan.FromMinutes(2));
        await handler.ValidateTokenAsync(token, Parameters());

        _clock.Advance(TimeSpan.FromMinutes(2) + TimeSpan.FromSeconds(5));
        await handler.ValidateTokenAsync(token, Parameters());

        Assert.Equal(2, _keyLookups);
    }

    [Fact]
    public async Task A_refused_token_is_never_remembered_and_an_altered_copy_of_a_remembered_one_is_refused()
    {
        var handler = new RememberingTokenHandler(_clock);
        var forged = Mint(key: _keys.Unpublished);
        var good = Mint();
        await handler.ValidateTokenAsync(good, Parameters());

        Assert.False((await handler.ValidateTokenAsync(forged, Parameters())).IsValid);
        Assert.False((await handler.ValidateTokenAsync(forged, Parameters())).IsValid);
        var parts = good.Split('.');
        var otherPayload = Base64UrlEncoder.Encode(Base64UrlEncoder.Decode(parts[1]).Replace("emea", "amer", StringComparison.Ordinal));
        Assert.False((await handler.ValidateTokenAsync($"{parts[0]}.{otherPayload}.{parts[2]}", Parameters())).IsValid);

        Assert.Equal(4, _keyLookups);
    }

    [Fact]
    public async Task Memory_stays_bounded_whatever_the_number_of_tokens()
    {
        var handler = new RememberingTokenHandler(_clock);
        var tokens = Enumerable.Range(0, RememberingTokenHandler.Capacity + 10).Select(_ => Mint()).ToList();
        foreach (var token in tokens) await handler.ValidateTokenAsync(token, Parameters());

        Assert.InRange(handler.Count, 1, RememberingTokenHandler.Capacity);
        // The newest is still remembered.
        await handler.ValidateTokenAsync(tokens[^1], Parameters());
        Assert.Equal(tokens.Count, _keyLookups);
    }
}
