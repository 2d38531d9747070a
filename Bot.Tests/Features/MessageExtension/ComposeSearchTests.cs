using System.Text.Json.Nodes;
using Bot.Tests.Harness;
using HubSpotTeamsBot.Features.MessageExtension;
using HubSpotTeamsBot.HubSpot;
using HubSpotTeamsBot.Identity;
using HubSpotTeamsBot.Records;
using HubSpotTeamsBot.Storage;
using Microsoft.Extensions.DependencyInjection;
using HubSpotTeamsBot.BotFramework.Routing;

namespace Bot.Tests.Features.MessageExtension;

/// <summary>searchContacts / searchDeals / selectItem over HTTP against the sandbox's seeded demo portal.</summary>
public sealed class ComposeSearchTests(MessageExtensionFixture bot) : IClassFixture<MessageExtensionFixture>, IAsyncLifetime
{
    private const long Portal = SandboxHost.DemoPortalId;

    public async Task InitializeAsync()
    {
        await bot.StartLinkedAsync();
        // A direct Viewer grant: the fixture's bot has no Graph to confirm a default-role member (see ComposeInvokes).
        await bot.GrantAsync(bot.Viewer, AppRole.Viewer);
    }

    public Task DisposeAsync() => bot.Sandbox.Admin.ResetBehaviourAsync();

    private HubSpotCrmClient Crm => bot.Host.Services.GetRequiredService<HubSpotCrmClient>();

    [Fact]
    public async Task Typing_a_name_lists_matching_contacts_with_a_thumbnail_preview_and_the_full_card()
    {
        var ada = await Crm.GetContactByEmailAsync(ChannelSimulator.BotTenantId, "ada@example.com");

        var attachments = ComposeShapes.AssertResult(await ComposeInvokes.QueryAsync(bot, bot.Viewer, "searchContacts", "Ada Love"));

        var hit = Assert.Single(attachments, a => (string?)a!["preview"]!["content"]!["title"] == "Ada Lovelace")!;
        Assert.Equal("application/vnd.microsoft.card.thumbnail", (string?)hit["preview"]!["contentType"]);
        Assert.Equal("ada@example.com · Analytical Engines", (string?)hit["preview"]!["content"]!["text"]);
        Assert.Equal("contact", (string?)hit["preview"]!["content"]!["tap"]!["value"]!["type"]);
        Assert.Equal(ada!.Id, (string?)hit["preview"]!["content"]!["tap"]!["value"]!["id"]);
        Assert.Equal("1.5", (string?)hit["content"]!["version"]);
        Assert.Equal($"https://app.hubspot.com/contacts/{Portal}/record/0-1/{ada.Id}", ComposeShapes.OpenUrl(hit["content"]!));
    }

    [Fact]
    public async Task A_company_name_finds_the_people_at_that_company()
    {
        var attachments = ComposeShapes.AssertResult(await ComposeInvokes.QueryAsync(bot, bot.Viewer, "searchContacts", "analytical"));

        var titles = attachments.Select(a => (string?)a!["preview"]!["content"]!["title"]).ToList();
        Assert.Contains("Ada Lovelace", titles);
        Assert.Contains("Charles Babbage", titles);
    }

    [Fact]
    public async Task Deal_search_shows_name_stage_label_and_amount()
    {
        var attachments = ComposeShapes.AssertResult(await ComposeInvokes.QueryAsync(bot, bot.Viewer, "searchDeals", "difference engine"));

        var deal = Assert.Single(attachments, a => (string?)a!["preview"]!["content"]!["title"] == "Analytical Engines - Difference Engine No. 2")!;
        var subtitle = (string?)deal["preview"]!["content"]!["text"];
        var stored = (await Crm.SearchAsync(ChannelSimulator.BotTenantId, CrmObjectType.Deals, new CrmSearchRequest
        {
            Query = "Difference Engine", Properties = ["dealstage", "pipeline", "amount"], Limit = 5,
        })).Results.Single();
        var pipelines = await Crm.GetDealPipelinesAsync(ChannelSimulator.BotTenantId);
        var stage = pipelines.Single(p => p.Id == stored["pipeline"]).FindStage(stored["dealstage"]!)!.Label;
        Assert.Equal($"{stage} · {RecordSummary.Amount(stored["amount"])}", subtitle);
        Assert.Contains("/record/0-3/", ComposeShapes.OpenUrl(deal["content"]!));
    }

    [Fact]
    public async Task A_query_nothing_matches_answers_a_message_saying_so()
    {
        var text = ComposeShapes.AssertMessage(await ComposeInvokes.QueryAsync(bot, bot.Viewer, "searchContacts", "zzqxnomatch"));

        Assert.Contains("No contacts match \"zzqxnomatch\"", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Paging_with_skip_and_count_walks_through_all_matches_without_repeats()
    {
        var company = $"Pagingco{Guid.NewGuid():N}"[..16];
        await bot.Sandbox.Admin.SeedContactsAsync(Portal, 30, company);

        var first = ComposeShapes.AssertResult(await ComposeInvokes.QueryAsync(bot, bot.Viewer, "searchContacts", company, skip: 0, count: 25));
        var second = ComposeShapes.AssertResult(await ComposeInvokes.QueryAsync(bot, bot.Viewer, "searchContacts", company, skip: 25, count: 25));
        var beyond = ComposeShapes.AssertResult(await ComposeInvokes.QueryAsync(bot, bot.Viewer, "searchContacts", company, skip: 50, count: 25));

        Assert.Equal(25, first.Count);
        Assert.Equal(5, second.Count);
        Assert.Empty(beyond);
        var ids = first.Concat(second).Select(a => (string?)a!["preview"]!["content"]!["tap"]!["value"]!["id"]).ToList();
        Assert.Equal(30, ids.Distinct().Count());
    }

    [Fact]
    public async Task Initial_run_without_history_lists_the_most_recently_modified_contacts_first()
    {
        var user = TeamsUser.New("New Person");
        await bot.GrantAsync(user, AppRole.Viewer);

        var attachments = ComposeShapes.AssertResult(await ComposeInvokes.QueryAsync(bot, user, "searchContacts", keyword: null, count: 10));

        var expected = await Crm.SearchAsync(ChannelSimulator.BotTenantId, CrmObjectType.Contacts, new CrmSearchRequest
        {
            Sorts = [new CrmSort("lastmodifieddate", CrmSortDirection.Descending)], Limit = 10,
        });
        Assert.Equal(expected.Results.Select(r => r.Id), attachments.Select(a => (string?)a!["preview"]!["content"]!["tap"]!["value"]!["id"]));
    }

    [Fact]
    public async Task Initial_run_lists_the_contacts_the_user_touched_lately_newest_first()
    {
        var user = TeamsUser.New("Busy Editor");
        await bot.GrantAsync(user, AppRole.Viewer);
        var grace = (await Crm.SearchAsync(ChannelSimulator.BotTenantId, CrmObjectType.Contacts, new CrmSearchRequest { Query = "Grace Hopper", Limit = 1 })).Results.Single();
        var alan = (await Crm.SearchAsync(ChannelSimulator.BotTenantId, CrmObjectType.Contacts, new CrmSearchRequest { Query = "Alan Turing", Limit = 1 })).Results.Single();
        var audit = bot.Host.Services.GetRequiredService<AuditLog>();
        await audit.AppendAsync(Entry(user, "contact", grace.Id, DateTimeOffset.UtcNow.AddMinutes(-5)));
        await audit.AppendAsync(Entry(user, "contact", alan.Id, DateTimeOffset.UtcNow.AddMinutes(-1)));
        await audit.AppendAsync(Entry(TeamsUser.New("Someone Else"), "contact", "999999", DateTimeOffset.UtcNow));

        var attachments = ComposeShapes.AssertResult(await ComposeInvokes.QueryAsync(bot, user, "searchContacts", keyword: null));

        Assert.Equal(["Alan Turing", "Grace Hopper"], attachments.Select(a => (string?)a!["preview"]!["content"]!["title"]));
    }

    [Fact]
    public async Task An_empty_keyword_is_treated_as_the_initial_run()
    {
        var activity = Activities.ComposeQuery(bot.Teams.ServiceUrl, TeamsConversation.Personal(bot.Viewer), bot.Viewer, "searchDeals", "   ");

        var (_, body) = await bot.Teams.InvokeAsync(activity);

        Assert.NotEmpty(ComposeShapes.AssertResult(body));
    }

    [Fact]
    public async Task Picking_a_result_inserts_the_full_contact_card()
    {
        var ada = await Crm.GetContactByEmailAsync(ChannelSimulator.BotTenantId, "ada@example.com");

        var body = await ComposeInvokes.InvokeAsync(bot, bot.Viewer, "composeExtension/selectItem", new JsonObject { ["type"] = "contact", ["id"] = ada!.Id });

        var card = Assert.Single(ComposeShapes.AssertResult(body))!["content"]!;
        Assert.Equal("1.5", (string?)card["version"]);
        Assert.Contains("Ada Lovelace", ComposeShapes.AllText(card), StringComparison.Ordinal);
        Assert.Contains("ada@example.com", ComposeShapes.AllText(card), StringComparison.Ordinal);
        Assert.Equal($"https://app.hubspot.com/contacts/{Portal}/record/0-1/{ada.Id}", ComposeShapes.OpenUrl(card));
    }

    [Fact]
    public async Task Picking_a_record_that_was_deleted_meanwhile_says_so()
    {
        var body = await ComposeInvokes.InvokeAsync(bot, bot.Viewer, "composeExtension/selectItem", new JsonObject { ["type"] = "deal", ["id"] = "987654321" });

        Assert.Contains("no longer exists", ComposeShapes.AssertMessage(body), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Someone_without_a_role_is_told_they_need_the_viewer_role()
    {
        var activity = Activities.ComposeQuery(bot.Teams.ServiceUrl, TeamsConversation.Personal(bot.Viewer), bot.Viewer, "searchContacts", "ada");
        ComposeInvokes.WithoutIdentity(activity);

        var (_, body) = await bot.Teams.InvokeAsync(activity);

        Assert.Contains("You need the Viewer role", ComposeShapes.AssertMessage(body), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Identical_concurrent_queries_share_one_HubSpot_search_and_a_repeat_is_served_from_cache()
    {
        var keyword = "Grace Hop";
        await bot.Sandbox.Admin.SetBehaviourAsync(new { latencyMs = 400 });
        await bot.Sandbox.Admin.ResetStatsAsync(Portal);

        var bodies = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => ComposeInvokes.QueryAsync(bot, bot.Viewer, "searchContacts", keyword)));
        var afterBurst = (await bot.Sandbox.Admin.GetStatsAsync(Portal)).Count("crm.search");
        var again = await ComposeInvokes.QueryAsync(bot, bot.Editor, "searchContacts", "  grace   HOP ");
        var afterRepeat = (await bot.Sandbox.Admin.GetStatsAsync(Portal)).Count("crm.search");

        Assert.All(bodies, b => Assert.Contains("Grace Hopper", ComposeShapes.AssertResult(b).Select(a => (string?)a!["preview"]!["content"]!["title"])));
        Assert.Equal(1, afterBurst);
        Assert.Contains("Grace Hopper", ComposeShapes.AssertResult(again).Select(a => (string?)a!["preview"]!["content"]!["title"]));
        Assert.Equal(1, afterRepeat);
    }

    [Fact]
    public async Task A_search_HubSpot_cannot_answer_in_time_says_still_searching_and_fills_the_cache_for_the_next_keystroke()
    {
        await bot.Sandbox.Admin.SetBehaviourAsync(new { latencyMs = (int)(MessageExtensionFixture.SearchWait + TimeSpan.FromMilliseconds(500)).TotalMilliseconds });

        var slow = await ComposeInvokes.QueryAsync(bot, bot.Viewer, "searchContacts", "katherine");
        await bot.Sandbox.Admin.ResetBehaviourAsync();
        await Task.Delay(TimeSpan.FromSeconds(1.5));
        var next = await ComposeInvokes.QueryAsync(bot, bot.Viewer, "searchContacts", "katherine");

        Assert.Equal(ComposeSearchFeature.StillSearching, ComposeShapes.AssertMessage(slow));
        Assert.Contains("Katherine Johnson", ComposeShapes.AssertResult(next).Select(a => (string?)a!["preview"]!["content"]!["title"]));
    }

    [Fact]
    public async Task HubSpot_answering_429_never_reaches_the_user_as_an_error()
    {
        await bot.Sandbox.Admin.SetBehaviourAsync(new { force429Count = 50 });

        var body = await ComposeInvokes.QueryAsync(bot, bot.Viewer, "searchContacts", "turing");

        Assert.Equal(ComposeSearchFeature.StillSearching, ComposeShapes.AssertMessage(body));
    }

    private static AuditEntry Entry(TeamsUser user, string type, string id, DateTimeOffset at) => new()
    {
        TenantId = user.TenantId,
        At = at,
        ActorAadObjectId = user.AadObjectId,
        ActorName = user.Name,
        Action = $"{type}.update",
        ObjectType = type,
        ObjectId = id,
        Outcome = "Succeeded",
    };
}
