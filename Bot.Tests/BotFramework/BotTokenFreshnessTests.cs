using HubSpotTeamsBot.BotFramework.Connector;
using Microsoft.Identity.Client;

namespace Bot.Tests.BotFramework;

/// <summary>The outbound token kept beside MSAL's cache goes back to MSAL before MSAL itself would renew it.</summary>
public sealed class BotTokenFreshnessTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 6, 12, 0, 0, TimeSpan.Zero);

    private static AuthenticationResult Token(TimeSpan expiresIn, DateTimeOffset? refreshOn = null) => new(
        "token", false, null, Now + expiresIn, Now + expiresIn, null, null, null, ["https://api.botframework.com/.default"], Guid.NewGuid(),
        "Bearer", new AuthenticationResultMetadata(TokenSource.IdentityProvider) { RefreshOn = refreshOn });

    [Theory]
    [InlineData(60, true)]
    [InlineData(7, true)]
    [InlineData(6, false)]
    [InlineData(2, false)]
    public void A_token_is_reused_only_while_well_inside_its_lifetime(int minutesLeft, bool fresh) =>
        Assert.Equal(fresh, BotTokenProvider.StillFresh(Token(TimeSpan.FromMinutes(minutesLeft)), Now));

    [Fact]
    public void MSALs_suggested_refresh_time_is_honoured_when_it_comes_first()
    {
        var token = Token(TimeSpan.FromHours(24), refreshOn: Now + TimeSpan.FromHours(12));

        Assert.True(BotTokenProvider.StillFresh(token, Now + TimeSpan.FromHours(11)));
        Assert.False(BotTokenProvider.StillFresh(token, Now + TimeSpan.FromHours(12)));
    }
}
