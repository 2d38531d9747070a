using Bot.Tests.Harness;

namespace Bot.Tests.Features;

/// <summary>
/// Issue 3: with storage gone the person gets a clear sentence, and the bot serves again once it is back. Runs on the
/// in-memory activity queue: with the durable queue the channel is answered 503 while storage is down and retries, so
/// no turn runs to say anything (see Queue/DurableQueueStoreTests).
/// </summary>
public sealed class StorageOutageAnswerTests(MemoryQueueCrmBotFixture bot) : IClassFixture<MemoryQueueCrmBotFixture>
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

/// <summary>The CRM bot with ActivityQueue:Kind = Memory, for tests of turns that run while storage is unreachable.</summary>
public sealed class MemoryQueueCrmBotFixture : CrmBotFixture
{
    protected override IDictionary<string, string?> Settings
    {
        get
        {
            var settings = base.Settings;
            settings["ActivityQueue:Kind"] = "Memory";
            return settings;
        }
    }
}
