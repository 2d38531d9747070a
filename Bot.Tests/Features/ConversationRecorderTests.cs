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

    [Fact]
    public async Task An_unchanged_reference_is_not_written_again_and_a_changed_one_is()
    {
        var user = TeamsUser.New("Diego Siciliani");
        var chat = TeamsConversation.Personal(user);
        var store = bot.Host.Services.GetRequiredService<ConversationReferenceStore>();

        await bot.Teams.SayAsync(chat, user, "help");
        var first = await store.GetForConversationAsync(user.TenantId, chat.Id);
        await bot.Teams.SayAsync(chat, user, "help");
        var repeated = await store.GetForConversationAsync(user.TenantId, chat.Id);
        var renamed = user with { Name = "Diego S." };
        await bot.Teams.SayAsync(chat, renamed, "help");
        var changed = await store.GetForConversationAsync(user.TenantId, chat.Id);

        Assert.Equal(first!.UpdatedAt, repeated!.UpdatedAt);
        Assert.Equal("Diego S.", changed!.UserName);
        Assert.True(changed.UpdatedAt > first.UpdatedAt);
    }
}
