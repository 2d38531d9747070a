using Bot.Tests.Harness;

namespace Bot.Tests.Features;

/// <summary>The help card's buttons do what their titles say, through the same routes as the typed commands.</summary>
public sealed class HelpButtonTests(CrmBotFixture bot) : IClassFixture<CrmBotFixture>, IAsyncLifetime
{
    public Task InitializeAsync() => bot.StartLinkedAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Theory]
    [InlineData("New contact", "Create contact")]
    [InlineData("Find a contact", "What should I look for?")]
    public async Task Each_help_button_answers_like_its_command_not_with_help_again(string button, string expected)
    {
        var chat = TeamsConversation.Personal(bot.Editor);
        var help = await bot.Teams.SayAsync(chat, bot.Editor, "help");
        var action = help.Card!["actions"]!.AsArray().Single(a => a!["title"]!.GetValue<string>() == button)!;

        var answer = await bot.Teams.ClickMessageBackAsync(chat, bot.Editor, action);

        Assert.Contains(expected, answer.Card?.ToJsonString() ?? answer.VisibleText, StringComparison.Ordinal);
        Assert.DoesNotContain("Here is what I can do", answer.VisibleText, StringComparison.Ordinal);
    }
}
