using System.Net;
using System.Text.Json.Nodes;
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

    [Fact]
    public async Task In_teams_a_help_button_is_a_messageBack_that_shows_the_command_and_answers_like_it()
    {
        var chat = TeamsConversation.Personal(bot.Editor);
        var help = await bot.Teams.SayAsync(chat, bot.Editor, "help");
        var find = help.Card!["actions"]!.AsArray().Single(a => a!["title"]!.GetValue<string>() == "Find a contact")!;
        Assert.Equal("find", find["data"]!["msteams"]!["displayText"]!.GetValue<string>());

        var answer = await bot.Teams.ClickMessageBackAsync(chat, bot.Editor, find);

        Assert.Contains("What should I look for?", answer.VisibleText, StringComparison.Ordinal);
    }

    [Fact]
    public void For_the_playground_a_help_button_becomes_a_plain_command_submit_it_sends()
    {
        var card = HubSpotTeamsBot.Features.Help.HelpCard.Build();

        new HubSpotTeamsBot.BotFramework.Hosting.PlaygroundCards(new HubSpotTeamsBot.BotFramework.Hosting.InlineDialogMark("step", "openInChat")).Adapt(card);

        foreach (var action in card["actions"]!.AsArray())
        {
            Assert.Equal("Action.Submit", action!["type"]!.GetValue<string>());
            Assert.Null(action["data"]!["msteams"]);
            Assert.Equal("command", action["data"]!["verb"]!.GetValue<string>());
        }
        Assert.Equal(["find", "new contact"], card["actions"]!.AsArray().Select(a => a!["data"]!["command"]!.GetValue<string>()));
    }

    [Fact]
    public async Task A_submitted_command_answers_exactly_like_the_typed_one()
    {
        var chat = TeamsConversation.Personal(bot.Editor);
        var typed = await bot.Teams.SayAsync(chat, bot.Editor, "new contact");
        var clicked = await ClickAsync(chat, bot.Editor, new JsonObject { ["data"] = new JsonObject { ["verb"] = "command", ["command"] = "new contact" } });

        Assert.Equal(typed.Card?["body"]?[0]?.ToJsonString(), clicked.Card?["body"]?[0]?.ToJsonString());
    }

    [Fact]
    public async Task A_submitted_command_keeps_the_role_check_of_the_typed_one()
    {
        var chat = TeamsConversation.Personal(bot.Viewer);
        var typed = await bot.Teams.SayAsync(chat, bot.Viewer, "new contact");
        var clicked = await ClickAsync(chat, bot.Viewer, new JsonObject { ["data"] = new JsonObject { ["verb"] = "command", ["command"] = "new contact" } });

        Assert.Equal(typed.VisibleText, clicked.VisibleText);
        Assert.DoesNotContain("Create contact", clicked.Card?.ToJsonString() ?? string.Empty, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null)]
    [InlineData(42)]
    [InlineData("  ")]
    public async Task A_command_submit_without_a_command_gets_the_usual_clear_answer(object? command)
    {
        var chat = TeamsConversation.Personal(bot.Editor);
        var data = new JsonObject { ["verb"] = "command" };
        if (command is not null) data["command"] = JsonValue.Create(command);

        var answer = await ClickAsync(chat, bot.Editor, new JsonObject { ["data"] = data });

        Assert.Contains("'command' must be the text of a command.", answer.VisibleText, StringComparison.Ordinal);
        Assert.Contains("send **help**", answer.VisibleText, StringComparison.Ordinal);
    }

    /// <summary>Clicks an Action.Submit in chat as Teams and the Playground do: a message whose value is the button's data.</summary>
    private async Task<ConnectorCall> ClickAsync(TeamsConversation chat, TeamsUser user, JsonNode action)
    {
        var before = bot.Teams.Connector.Calls.Count;
        using var response = await bot.Teams.PostAsync(Activities.CardSubmit(bot.Teams.ServiceUrl, chat, user, action["data"]!.DeepClone().AsObject()));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return await bot.Teams.Connector.WaitForMessageAsync(chat.Id, c => bot.Teams.Connector.Calls.ToList().IndexOf(c) >= before);
    }
}
