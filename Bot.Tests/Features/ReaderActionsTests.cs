using System.Text.Json.Nodes;
using Bot.Tests.Features.MessageExtension;
using Bot.Tests.Harness;
using HubSpotTeamsBot.HubSpot;
using HubSpotTeamsBot.Identity;
using Microsoft.Extensions.DependencyInjection;
using HubSpotTeamsBot.BotFramework.Routing;

namespace Bot.Tests.Features;

/// <summary>Cards show a person only the buttons their role lets them use; the routes behind the buttons still check.</summary>
public sealed class ReaderActionsTests(CrmBotFixture bot) : IClassFixture<CrmBotFixture>, IAsyncLifetime
{
    public async Task InitializeAsync()
    {
        await bot.StartLinkedAsync();
        await bot.GrantAsync(bot.Viewer, AppRole.Viewer);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private static List<string> Titles(JsonNode? node) => node switch
    {
        JsonObject o when o["type"]?.GetValue<string>()?.StartsWith("Action.", StringComparison.Ordinal) == true => [o["title"]!.GetValue<string>()],
        JsonObject o => o.Where(p => p.Key != "fallback").SelectMany(p => Titles(p.Value)).ToList(),
        JsonArray a => a.SelectMany(Titles).ToList(),
        _ => [],
    };

    [Fact]
    public async Task A_viewer_finds_records_with_Open_only_and_an_editor_also_gets_Edit()
    {
        var viewer = await bot.Teams.SayAsync(TeamsConversation.Personal(bot.Viewer), bot.Viewer, "find ada@example.com");
        var editor = await bot.Teams.SayAsync(TeamsConversation.Personal(bot.Editor), bot.Editor, "find ada@example.com");

        Assert.Contains("Open", Titles(viewer.Card));
        Assert.DoesNotContain("Edit", Titles(viewer.Card));
        Assert.Contains("Edit", Titles(editor.Card));
    }

    [Fact]
    public async Task A_record_card_inserted_or_unfurled_by_a_viewer_has_no_write_buttons_and_by_an_editor_has_them()
    {
        var ada = (await bot.Host.Services.GetRequiredService<HubSpotCrmClient>().GetContactByEmailAsync(ChannelSimulator.BotTenantId, "ada@example.com"))!;
        var select = new JsonObject { ["type"] = "contact", ["id"] = ada.Id };
        var link = new JsonObject { ["url"] = new HubSpotTeamsBot.Records.HubSpotRecordLinks(SandboxHost.DemoPortalId).Contact(ada.Id) };

        var viewerInsert = await ComposeInvokes.InvokeAsync(bot, bot.Viewer, "composeExtension/selectItem", select);
        var viewerUnfurl = await ComposeInvokes.InvokeAsync(bot, bot.Viewer, "composeExtension/queryLink", link);
        var viewerSearch = await ComposeInvokes.QueryAsync(bot, bot.Viewer, "searchContacts", "ada");
        var editorInsert = await ComposeInvokes.InvokeAsync(bot, bot.Editor, "composeExtension/selectItem", select.DeepClone());

        foreach (var body in new[] { viewerInsert, viewerUnfurl, viewerSearch })
        {
            var titles = Titles(body);
            Assert.Contains("Open in HubSpot", titles);
            Assert.DoesNotContain("Edit", titles);
            Assert.DoesNotContain("Log activity", titles);
            Assert.DoesNotContain("New deal", titles);
        }
        Assert.Equal(["Open in HubSpot", "Edit", "Log activity", "New deal"], Titles(editorInsert));
    }
}
