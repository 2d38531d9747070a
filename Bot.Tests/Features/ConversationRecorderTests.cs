using Bot.Tests.Harness;
using HubSpotTeamsBot.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Bot.Tests.Features;

public sealed class ConversationRecorderTests(BotFixture bot) : IClassFixture<BotFixture>
{
    [Fact]
    public async Task Every_activity_refreshes_the_users_and_the_conversations_reference()
    {
        var user = TeamsUser.New("Isaiah Langer");
        var chat = TeamsConversation.Personal(user);

        await bot.Teams.SayAsync(chat, user, "help");

        var store = bot.Host.Services.GetRequiredService<ConversationReferenceStore>();
        var byUser = await store.GetForUserAsync(user.TenantId, user.AadObjectId);
        var byConversation = await store.GetForConversationAsync(user.TenantId, chat.Id);
        Assert.Equal(chat.Id, byUser?.ConversationId);
        Assert.Equal("personal", byUser?.ConversationType);
        Assert.Equal(bot.Simulator.ServiceUrl, byConversation?.ServiceUrl);
        Assert.Equal(Activities.BotId, byConversation?.BotId);
        Assert.Equal(user.Id, byConversation?.UserId);
    }
}
