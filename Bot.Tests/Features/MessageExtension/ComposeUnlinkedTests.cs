using Bot.Tests.Harness;
using HubSpotTeamsBot.BotFramework.Routing;

namespace Bot.Tests.Features.MessageExtension;

/// <summary>The compose box of a tenant whose admin has not connected HubSpot (this fixture never links a portal).</summary>
public sealed class ComposeUnlinkedTests(CrmBotFixture bot) : IClassFixture<CrmBotFixture>, IAsyncLifetime
{
    public Task InitializeAsync() => bot.GrantAsync(bot.Viewer, HubSpotTeamsBot.BotFramework.Routing.AppRole.Viewer);

    public Task DisposeAsync() => Task.CompletedTask;

    [Theory]
    [InlineData("searchContacts", "ada")]
    [InlineData("searchDeals", null)]
    public async Task Searching_explains_that_an_admin_must_connect_HubSpot(string command, string? keyword)
    {
        var text = ComposeShapes.AssertMessage(await ComposeInvokes.QueryAsync(bot, bot.Viewer, command, keyword));

        Assert.Contains("isn't connected", text, StringComparison.Ordinal);
        Assert.Contains("admin", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_pasted_record_link_unfurls_to_nothing()
    {
        var body = await ComposeInvokes.InvokeAsync(bot, bot.Viewer, "composeExtension/queryLink",
            new System.Text.Json.Nodes.JsonObject { ["url"] = $"https://app.hubspot.com/contacts/{SandboxHost.DemoPortalId}/record/0-1/1" });

        Assert.Empty(ComposeShapes.AssertResult(body));
    }
}
