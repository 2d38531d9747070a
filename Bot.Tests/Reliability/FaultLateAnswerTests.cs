using Bot.Tests.Harness;
using HubSpotTeamsBot.BotFramework.Routing;
using HubSpotTeamsBot.Features.Common;
using HubSpotTeamsBot.HubSpot;
using Microsoft.Extensions.DependencyInjection;

namespace Bot.Tests.Reliability;

/// <summary>
/// An invoke that runs past the budget is answered "still working — I'll post the result"; whatever it ends with —
/// a form or a failure — must then reach the person as a message, not vanish with an invoke answer nobody reads.
/// </summary>
public sealed class FaultLateAnswerTests(FaultsFixture bot) : IClassFixture<FaultsFixture>, IAsyncLifetime
{
    public Task InitializeAsync() => bot.LinkPortalAsync();

    public Task DisposeAsync() => bot.Sandbox.Admin.ClearFaultsAsync();

    [Fact]
    public async Task A_dialog_that_fails_after_still_working_posts_the_failure_in_the_chat()
    {
        var ada = await bot.Host.Services.GetRequiredService<HubSpotCrmClient>().GetContactByEmailAsync(ChannelSimulator.BotTenantId, "ada@example.com");
        var late = await LateAnswerAsync("contact.update", new System.Text.Json.Nodes.JsonObject { ["recordId"] = ada!.Id });

        Assert.Contains(FailureMessages.HubSpotBusy, late.VisibleText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_dialog_form_that_opens_after_still_working_is_posted_in_the_chat()
    {
        var late = await LateAnswerAsync("deal.create", null);

        Assert.NotNull(late.Card);
        Assert.Contains("New deal", late.VisibleText, StringComparison.Ordinal);
        Assert.Contains("Create deal", late.Card!.ToJsonString(), StringComparison.Ordinal);
    }

    /// <summary>Opens a dialog while every HubSpot call hangs past the attempt limit (so the lookups end after the 2.5 s budget).</summary>
    private async Task<ConnectorCall> LateAnswerAsync(string verb, System.Text.Json.Nodes.JsonObject? data)
    {
        var chat = TeamsConversation.Personal(bot.Editor);
        var before = bot.Teams.Connector.Calls.Count;
        await bot.Sandbox.Admin.SetFaultsAsync(new { seed = 1, hangRate = 1.0, hangMs = FaultsFixture.HangMs });
        var (_, body) = await bot.Teams.InvokeAsync(Activities.TaskFetch(bot.Teams.ServiceUrl, chat, bot.Editor, verb, data));
        Assert.Equal(InvokeFallbacks.StillWorkingText, body?["task"]?["value"]?.GetValue<string>());
        var late = await bot.Teams.Connector.WaitForMessageAsync(chat.Id,
            c => bot.Teams.Connector.Calls.ToList().IndexOf(c) >= before && c.Body?["type"]?.GetValue<string>() == "message", TimeSpan.FromSeconds(30));
        await bot.Sandbox.Admin.ClearFaultsAsync();
        return late;
    }
}
