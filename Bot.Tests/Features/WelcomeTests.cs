using Bot.Tests.Harness;

namespace Bot.Tests.Features;

public sealed class WelcomeTests(CrmBotFixture bot) : IClassFixture<CrmBotFixture>
{
    [Fact]
    public async Task An_admin_of_an_unlinked_tenant_gets_the_connect_button_on_install()
    {
        var chat = TeamsConversation.Personal(bot.Admin);

        using var response = await bot.Teams.PostAsync(Activities.InstallationUpdate(bot.Simulator.ServiceUrl, chat, bot.Admin));
        var welcome = await bot.Teams.Connector.WaitForMessageAsync(chat.Id);

        Assert.Contains("Hi, I'm HubSpot for Teams", welcome.VisibleText, StringComparison.Ordinal);
        Assert.Contains("Connect HubSpot", welcome.VisibleText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Others_are_told_who_can_link_it_and_a_team_install_greets_the_channel()
    {
        var chat = TeamsConversation.Personal(bot.Viewer);
        var channel = TeamsConversation.Channel(bot.Viewer.TenantId);

        using var personal = await bot.Teams.PostAsync(Activities.InstallationUpdate(bot.Simulator.ServiceUrl, chat, bot.Viewer));
        using var team = await bot.Teams.PostAsync(Activities.BotAdded(bot.Simulator.ServiceUrl, channel, bot.Viewer));
        var welcome = await bot.Teams.Connector.WaitForMessageAsync(chat.Id);
        var teamWelcome = await bot.Teams.Connector.WaitForMessageAsync(channel.Id);

        Assert.Contains("ask Megan Bowen", welcome.VisibleText, StringComparison.Ordinal);
        Assert.DoesNotContain("Connect HubSpot", welcome.VisibleText, StringComparison.Ordinal);
        Assert.Contains("Hi, I'm HubSpot for Teams", teamWelcome.VisibleText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_personal_install_greets_once_although_Teams_sends_two_activities()
    {
        var user = TeamsUser.New("Johanna Lorenz");
        var chat = TeamsConversation.Personal(user);

        using var added = await bot.Teams.PostAsync(Activities.BotAdded(bot.Simulator.ServiceUrl, chat, user));
        using var installed = await bot.Teams.PostAsync(Activities.InstallationUpdate(bot.Simulator.ServiceUrl, chat, user));
        await bot.Teams.Connector.WaitForMessageAsync(chat.Id);
        await Task.Delay(500);

        Assert.Single(bot.Teams.Connector.Calls, c => c.Path.Contains(Uri.EscapeDataString(chat.Id), StringComparison.Ordinal));
    }
}
