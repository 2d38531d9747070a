using System.Net;
using System.Text.Json.Nodes;
using Bot.Tests.Harness;
using HubSpotTeamsBot.Identity;
using HubSpotTeamsBot.BotFramework.Routing;

namespace Bot.Tests.Features.MessageExtension;

/// <summary>The CRM bot in Development with the Agents Playground switch on, as ./run.sh runs it.</summary>
public sealed class PlaygroundCrmFixture : CrmBotFixture
{
    protected override string Environment => "Development";

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>(base.Settings)
    {
        ["Bot:Development:AcceptPlayground"] = "true",
    };
}

/// <summary>
/// Compose search answered to the Agents Playground: it refuses results whose preview has a tap, so its requests get
/// them without one; Teams' requests to the same bot keep the tap that brings the pick back as selectItem.
/// </summary>
public sealed class PlaygroundSearchTests(PlaygroundCrmFixture bot) : IClassFixture<PlaygroundCrmFixture>, IAsyncLifetime
{
    private static readonly Dictionary<string, string> PlaygroundHeader = new() { ["x-ms-agents-playground"] = "true" };

    public async Task InitializeAsync()
    {
        await bot.LinkPortalAsync();
        await bot.GrantAsync(bot.Viewer, AppRole.Viewer);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task A_playground_search_lists_the_full_cards_with_previews_that_have_no_tap()
    {
        var attachments = await SearchAsync(playground: true);

        var ada = Assert.Single(attachments, a => (string?)a!["preview"]!["content"]!["title"] == "Ada Lovelace")!;
        Assert.Null(ada["preview"]!["content"]!["tap"]);
        Assert.Equal("ada@example.com · Analytical Engines", (string?)ada["preview"]!["content"]!["text"]);
        Assert.Equal("AdaptiveCard", (string?)ada["content"]!["type"]);
        Assert.All(attachments, a => Assert.Null(a!["preview"]!["content"]!["tap"]));
    }

    [Fact]
    public async Task The_same_search_from_Teams_keeps_the_tap_that_selects_the_record()
    {
        var attachments = await SearchAsync(playground: false);

        var ada = Assert.Single(attachments, a => (string?)a!["preview"]!["content"]!["title"] == "Ada Lovelace")!;
        Assert.Equal("contact", (string?)ada["preview"]!["content"]!["tap"]!["value"]!["type"]);
    }

    private async Task<JsonArray> SearchAsync(bool playground)
    {
        var query = Activities.ComposeQuery(bot.Teams.ServiceUrl, TeamsConversation.Personal(bot.Viewer), bot.Viewer, "searchContacts", "ada", 0, 25);
        using var response = await bot.Teams.PostAsync(query, token: playground ? null : "mint", headers: playground ? PlaygroundHeader : null);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync());
        return ComposeShapes.AssertResult(body);
    }
}
