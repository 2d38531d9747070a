using Bot.Tests.Harness;

namespace Bot.Tests.Features;

/// <summary>Issue 3: with storage gone the person gets a clear sentence, and the bot serves again once it is back.</summary>
public sealed class StorageOutageAnswerTests(CrmBotFixture bot) : IClassFixture<CrmBotFixture>
{
    [Fact]
    public async Task A_command_during_a_storage_outage_says_so_and_works_after_recovery()
    {
        var chat = TeamsConversation.Personal(bot.Admin);
        try
        {
            await bot.Azurite.StopAsync();

            var during = await bot.Teams.SayAsync(chat, bot.Admin, "roles");

            Assert.Contains("can't reach my storage", during.VisibleText, StringComparison.Ordinal);
        }
        finally
        {
            await bot.Azurite.StartAsync();
        }

        var after = await bot.Teams.SayAsync(chat, bot.Admin, "roles");
        Assert.Contains("Who may do what", after.VisibleText, StringComparison.Ordinal);
    }
}
