using Bot.Tests.Harness;
using HubSpotTeamsBot.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Bot.Tests.Features.Linking;

public sealed class BrokenLinkTests(CrmBotFixture bot) : IClassFixture<CrmBotFixture>
{
    [Fact]
    public async Task A_refused_refresh_token_breaks_the_link_tells_users_and_warns_admins_exactly_once()
    {
        var adminChat = TeamsConversation.Personal(bot.Admin);
        await bot.Teams.SayAsync(adminChat, bot.Admin, "help");
        var link = await bot.LinkPortalAsync();
        await bot.Sandbox.Admin.RevokeRefreshTokensAsync(link.PortalId);
        await bot.Sandbox.Admin.ExpireAccessTokensAsync(link.PortalId);
        // The access token is due, so the next HubSpot call must refresh — and HubSpot refuses.
        await bot.Host.Services.GetRequiredService<PortalLinkStore>().UpdateAsync(link.TenantId, l => l with { AccessTokenExpiresAt = DateTimeOffset.UtcNow.AddMinutes(-1) });
        var editorChat = TeamsConversation.Personal(bot.Editor);

        var first = await bot.Teams.SayAsync(editorChat, bot.Editor, "whoami");
        var second = await bot.Teams.SayAsync(editorChat, bot.Editor, "whoami");

        Assert.Contains("HubSpot did not answer", first.VisibleText, StringComparison.Ordinal);
        Assert.Contains("HubSpot did not answer", second.VisibleText, StringComparison.Ordinal);
        var stored = await bot.Host.Services.GetRequiredService<PortalLinkStore>().GetAsync(ChannelSimulator.BotTenantId);
        Assert.Equal(PortalLinkState.Broken, stored?.State);
        var warning = await bot.Teams.Connector.WaitForMessageAsync(adminChat.Id, c => c.VisibleText.Contains("needs to be reconnected", StringComparison.Ordinal));
        Assert.Contains("Reconnect HubSpot", warning.VisibleText, StringComparison.Ordinal);
        await Task.Delay(300);
        Assert.Single(bot.Teams.Connector.Calls, c => c.Path.Contains(Uri.EscapeDataString(adminChat.Id), StringComparison.Ordinal)
            && c.VisibleText.Contains("needs to be reconnected", StringComparison.Ordinal));

        var status = await bot.Teams.SayAsync(adminChat, bot.Admin, "status");
        Assert.Contains("is broken", status.VisibleText, StringComparison.Ordinal);
    }
}
