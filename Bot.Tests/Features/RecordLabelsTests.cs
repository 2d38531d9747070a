using System.Text.Json.Nodes;
using Bot.Tests.Features.MessageExtension;
using Bot.Tests.Harness;
using HubSpotTeamsBot.HubSpot;
using HubSpotTeamsBot.Records;
using Microsoft.Extensions.DependencyInjection;

namespace Bot.Tests.Features;

/// <summary>Cards from search, unfurl and find show the portal's labels and amounts in currency, never internal values.</summary>
public sealed class RecordLabelsTests(CrmBotFixture bot) : IClassFixture<CrmBotFixture>, IAsyncLifetime
{
    public Task InitializeAsync() => bot.StartLinkedAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    private HubSpotCrmClient Crm => bot.Host.Services.GetRequiredService<HubSpotCrmClient>();

    private static string Facts(JsonNode? body) => string.Join("\n", Deals.FormCards.Elements(body)
        .Where(e => e["type"]?.GetValue<string>() == "FactSet")
        .SelectMany(f => f["facts"]!.AsArray().Select(x => $"{x!["title"]}: {x["value"]}")));

    [Fact]
    public async Task A_deal_inserted_or_unfurled_shows_pipeline_and_stage_labels_and_the_amount_in_currency()
    {
        var deal = await Crm.CreateAsync(ChannelSimulator.BotTenantId, CrmObjectType.Deals, new Dictionary<string, string>
        {
            ["dealname"] = "Labels " + Guid.NewGuid().ToString("N")[..6], ["pipeline"] = "default", ["dealstage"] = "contractsent", ["amount"] = "25000",
        });

        var inserted = Facts(await ComposeInvokes.InvokeAsync(bot, bot.Editor, "composeExtension/selectItem", new JsonObject { ["type"] = "deal", ["id"] = deal.Id }));
        var unfurled = Facts(await ComposeInvokes.InvokeAsync(bot, bot.Editor, "composeExtension/queryLink",
            new JsonObject { ["url"] = new HubSpotTeamsBot.Records.HubSpotRecordLinks(SandboxHost.DemoPortalId).Deal(deal.Id) }));

        foreach (var facts in new[] { inserted, unfurled })
        {
            Assert.Contains("Pipeline: Sales Pipeline", facts, StringComparison.Ordinal);
            Assert.Contains("Amount: £25,000.00", facts, StringComparison.Ordinal);
            Assert.DoesNotContain(": default", facts, StringComparison.Ordinal);
            Assert.DoesNotContain("contractsent", facts, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_contact_card_from_search_shows_the_lifecycle_stage_label()
    {
        var ada = (await Crm.GetContactByEmailAsync(ChannelSimulator.BotTenantId, "ada@example.com"))!;

        var facts = Facts(await ComposeInvokes.InvokeAsync(bot, bot.Editor, "composeExtension/selectItem", new JsonObject { ["type"] = "contact", ["id"] = ada.Id }));

        Assert.Contains("Lifecycle stage: Customer", facts, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Find_shows_a_deals_stage_label_and_amount_in_currency()
    {
        var name = "Findlabel" + Guid.NewGuid().ToString("N")[..6];
        await Crm.CreateAsync(ChannelSimulator.BotTenantId, CrmObjectType.Deals, new Dictionary<string, string>
        {
            ["dealname"] = name, ["pipeline"] = "default", ["dealstage"] = "contractsent", ["amount"] = "27500",
        });

        var reply = await bot.Teams.SayAsync(TeamsConversation.Personal(bot.Editor), bot.Editor, $"find {name}");

        Assert.Contains("£27,500.00", reply.VisibleText, StringComparison.Ordinal);
        Assert.DoesNotContain("contractsent", reply.VisibleText, StringComparison.Ordinal);
    }

    [Fact]
    public void A_stage_label_comes_from_the_deals_own_pipeline_when_stage_ids_repeat()
    {
        IReadOnlyList<DealPipeline> pipelines =
        [
            new DealPipeline("default", "Sales", 0, [new DealStage("won", "Closed won", 0)]),
            new DealPipeline("renewals", "Renewals", 1, [new DealStage("won", "Renewed", 0), new DealStage("review", "In review", 1)]),
        ];
        Assert.Equal("Renewed", RecordLabels.StageOf(pipelines, "won", "renewals"));
        Assert.Equal("Closed won", RecordLabels.StageOf(pipelines, "won"));
        Assert.Equal("In review", RecordLabels.StageOf(pipelines, "review", "default"));
        Assert.Equal("gone", RecordLabels.StageOf(pipelines, "gone", "renewals"));
        Assert.Null(RecordLabels.StageOf(pipelines, null));
        Assert.Equal("Renewals", RecordLabels.PipelineOf(pipelines, "renewals"));
        Assert.Equal("old", RecordLabels.PipelineOf(pipelines, "old"));
    }
}
