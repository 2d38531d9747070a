using Bot.Tests.Harness;

namespace Bot.Tests.Features;

public sealed class HelpTests(BotFixture bot) : IClassFixture<BotFixture>
{
    [Fact]
    public async Task Help_in_personal_chat_answers_with_the_help_card()
    {
        var user = TeamsUser.New("Megan Bowen");
        var chat = TeamsConversation.Personal(user);

        var reply = await bot.Teams.SayAsync(chat, user, "help");

        Assert.NotNull(reply.Card);
        Assert.Contains("HubSpot for Teams", reply.VisibleText, StringComparison.Ordinal);
        Assert.Contains("new contact", reply.VisibleText, StringComparison.Ordinal);
        Assert.StartsWith("Bearer bot-token-", reply.Authorization, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Help_with_an_at_mention_in_a_channel_answers_in_that_channel()
    {
        var user = TeamsUser.New("Alex Wilber");
        var channel = TeamsConversation.Channel(user.TenantId);

        var reply = await bot.Teams.SayAsync(channel, user, "HELP", mentionBot: true);

        Assert.Contains(Uri.EscapeDataString(channel.Id), reply.Path, StringComparison.Ordinal);
        Assert.Contains("HubSpot for Teams", reply.VisibleText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unknown_text_gets_a_helpful_answer_naming_what_was_said()
    {
        var user = TeamsUser.New("Lee Gu");
        var chat = TeamsConversation.Personal(user);

        var reply = await bot.Teams.SayAsync(chat, user, "make me a sandwich");

        Assert.Contains("make me a sandwich", reply.VisibleText, StringComparison.Ordinal);
        Assert.Contains("help", reply.VisibleText, StringComparison.Ordinal);
    }
}
