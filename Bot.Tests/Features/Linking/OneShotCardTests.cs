using System.Net;
using System.Text.Json.Nodes;
using Bot.Tests.Harness;
using HubSpotTeamsBot.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Bot.Tests.Features.Linking;

/// <summary>A used confirmation card does not keep live buttons: the click's outcome replaces it in place.</summary>
public sealed class OneShotCardTests(CrmBotFixture bot) : IClassFixture<CrmBotFixture>, IAsyncLifetime
{
    public Task InitializeAsync() => bot.StartLinkedAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    private async Task<ConnectorCall> ClickAsync(TeamsConversation chat, JsonObject value, string cardId)
    {
        var before = bot.Teams.Connector.Calls.Count;
        using var response = await bot.Teams.PostAsync(Activities.CardSubmit(bot.Teams.ServiceUrl, chat, bot.Admin, value, replyToId: cardId));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return await bot.Teams.Connector.WaitForAsync(c => bot.Teams.Connector.Calls.ToList().IndexOf(c) >= before && c.Method is "PUT" or "POST");
    }

    private static void AssertReplacedWithoutButtons(ConnectorCall call, string cardId, string outcome)
    {
        Assert.Equal("PUT", call.Method);
        Assert.EndsWith($"/activities/{cardId}", call.Path, StringComparison.Ordinal);
        Assert.Contains(outcome, call.VisibleText, StringComparison.Ordinal);
        Assert.DoesNotContain("Action.", call.Body!.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cancel_on_the_disconnect_confirmation_replaces_the_card_and_keeps_the_link()
    {
        var chat = TeamsConversation.Personal(bot.Admin);
        var ask = await bot.Teams.SayAsync(chat, bot.Admin, "disconnect");
        Assert.Contains("Disconnect HubSpot?", ask.VisibleText, StringComparison.Ordinal);

        var answer = await ClickAsync(chat, new JsonObject { ["verb"] = "portal.cancel" }, "1700000000101");

        AssertReplacedWithoutButtons(answer, "1700000000101", "nothing was changed");
        Assert.NotNull(await bot.Host.Services.GetRequiredService<PortalLinkStore>().GetAsync(ChannelSimulator.BotTenantId));
    }

    [Fact]
    public async Task Disconnect_on_the_confirmation_replaces_the_card_with_the_outcome()
    {
        var chat = TeamsConversation.Personal(bot.Admin);
        await bot.Teams.SayAsync(chat, bot.Admin, "disconnect");

        var answer = await ClickAsync(chat, new JsonObject { ["verb"] = "portal.disconnect", ["confirm"] = true }, "1700000000102");

        AssertReplacedWithoutButtons(answer, "1700000000102", "Disconnected HubSpot portal");
        Assert.Null(await bot.Host.Services.GetRequiredService<PortalLinkStore>().GetAsync(ChannelSimulator.BotTenantId));
        await bot.StartLinkedAsync();
    }

    [Fact]
    public async Task Confirming_a_relink_replaces_the_question_and_posts_the_sign_in_card()
    {
        var chat = TeamsConversation.Personal(bot.Admin);
        var ask = await bot.Teams.SayAsync(chat, bot.Admin, "connect");
        Assert.Contains("Replace the HubSpot link?", ask.VisibleText, StringComparison.Ordinal);

        var answer = await ClickAsync(chat, new JsonObject { ["verb"] = "portal.connect", ["confirm"] = true }, "1700000000103");

        AssertReplacedWithoutButtons(answer, "1700000000103", "sign in with the card below");
        var signIn = await bot.Teams.Connector.WaitForMessageAsync(chat.Id, c => c.VisibleText.Contains("Sign in to HubSpot", StringComparison.Ordinal));
        Assert.NotNull(signIn.Card);
    }
}
