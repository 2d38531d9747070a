using System.Text.Json.Nodes;
using Bot.Tests.Harness;
using HubSpotTeamsBot.Features.MessageExtension;
using HubSpotTeamsBot.HubSpot;
using HubSpotTeamsBot.Identity;
using Microsoft.Extensions.DependencyInjection;
using HubSpotTeamsBot.BotFramework.Routing;

namespace Bot.Tests.Features.MessageExtension;

/// <summary>
/// How the compose search spends the portal's few HubSpot searches: text typed on from a complete answer is
/// answered locally exactly as HubSpot would, a busy HubSpot gets the known matches shown at once, the bot's own
/// writes show straight away, and no answer crosses tenants. Own fixture: it seeds a large company into the portal.
/// </summary>
public sealed class SearchBudgetTests(MessageExtensionFixture bot) : IClassFixture<MessageExtensionFixture>, IAsyncLifetime
{
    private const long Portal = SandboxHost.DemoPortalId;

    public async Task InitializeAsync()
    {
        await bot.StartLinkedAsync();
        await bot.GrantAsync(bot.Viewer, AppRole.Viewer);
    }

    public Task DisposeAsync() => bot.Sandbox.Admin.ResetBehaviourAsync();

    private HubSpotCrmClient Crm => bot.Host.Services.GetRequiredService<HubSpotCrmClient>();

    [Fact]
    public async Task Text_typed_on_from_a_complete_answer_costs_no_search_and_matches_what_HubSpot_answers()
    {
        var first = await ComposeInvokes.QueryAsync(bot, bot.Viewer, "searchContacts", "jo");
        Assert.NotEmpty(ComposeShapes.AssertResult(first));
        await bot.Sandbox.Admin.ResetStatsAsync(Portal);

        string[] typedOn = ["joh", "john", "johns", "johnson", "jo k", "jo kath", "JO   Kat"];
        var ours = new Dictionary<string, string[]>();
        foreach (var text in typedOn) ours[text] = Ids(await ComposeInvokes.QueryAsync(bot, bot.Viewer, "searchContacts", text));
        var searchesWhileTyping = (await bot.Sandbox.Admin.GetStatsAsync(Portal)).Count("crm.search");

        Assert.Equal(0, searchesWhileTyping);
        foreach (var text in typedOn)
        {
            var hubSpot = await Crm.SearchAsync(ChannelSimulator.BotTenantId, CrmObjectType.Contacts, new CrmSearchRequest { Query = text, Limit = 100 });
            Assert.Equal(hubSpot.Results.Select(r => r.Id).Take(25).Order(), ours[text].Order());
        }

        Assert.Contains(ours["johnson"], id => ours["jo kath"].Contains(id));
    }

    [Fact]
    public async Task While_HubSpot_is_busy_a_longer_text_shows_the_matches_already_known_at_once()
    {
        await bot.Sandbox.Admin.SeedContactsAsync(Portal, 230, "Quillborough Partners");
        var broad = await ComposeInvokes.QueryAsync(bot, bot.Viewer, "searchContacts", "quillbo");
        Assert.Equal(25, ComposeShapes.AssertResult(broad).Count);
        await bot.Sandbox.Admin.SetBehaviourAsync(new { latencyMs = 3000 });

        var started = DateTime.UtcNow;
        var narrower = await ComposeInvokes.QueryAsync(bot, bot.Viewer, "searchContacts", "quillborough par");
        var waited = DateTime.UtcNow - started;

        var results = ComposeShapes.AssertResult(narrower);
        Assert.NotEmpty(results);
        Assert.All(results, r => Assert.Contains("Quillborough Partners", r!.ToJsonString(), StringComparison.Ordinal));
        // Answered from what the bot knew, not after HubSpot's 3 s (generous bound: this only tells the paths apart).
        Assert.True(waited < TimeSpan.FromSeconds(2.5), $"answered after {waited.TotalMilliseconds:0} ms");
    }

    [Fact]
    public async Task While_HubSpot_is_busy_records_recent_answers_returned_are_found_by_other_words()
    {
        var ada = Titles(await ComposeInvokes.QueryAsync(bot, bot.Viewer, "searchContacts", "ada"));
        Assert.Contains("Ada Lovelace", ada);
        await bot.Sandbox.Admin.SetBehaviourAsync(new { latencyMs = 3000 });

        var started = DateTime.UtcNow;
        var bySurname = Titles(await ComposeInvokes.QueryAsync(bot, bot.Viewer, "searchContacts", "lovel"));
        var waited = DateTime.UtcNow - started;

        Assert.Contains("Ada Lovelace", bySurname);
        Assert.True(waited < TimeSpan.FromSeconds(2.5), $"answered after {waited.TotalMilliseconds:0} ms");
    }

    [Fact]
    public async Task A_contact_the_bot_creates_or_renames_shows_in_the_next_search_with_its_new_values()
    {
        var before = await ComposeInvokes.QueryAsync(bot, bot.Viewer, "searchContacts", "zebed");
        Assert.Contains("No contacts match", ComposeShapes.AssertMessage(before), StringComparison.Ordinal);
        await bot.Sandbox.Admin.ResetStatsAsync(Portal);

        var created = await Crm.CreateAsync(ChannelSimulator.BotTenantId, CrmObjectType.Contacts,
            new Dictionary<string, string> { ["firstname"] = "Zebedee", ["lastname"] = "Marlowe", ["email"] = "zebedee@example.com" });
        var afterCreate = Titles(await ComposeInvokes.QueryAsync(bot, bot.Viewer, "searchContacts", "zebede"));
        await Crm.UpdateAsync(ChannelSimulator.BotTenantId, CrmObjectType.Contacts, created.Id, new Dictionary<string, string> { ["lastname"] = "Quayle" });
        var afterRename = Titles(await ComposeInvokes.QueryAsync(bot, bot.Viewer, "searchContacts", "zebedee"));
        var oldName = await ComposeInvokes.QueryAsync(bot, bot.Viewer, "searchContacts", "zebedee marl");

        Assert.Contains("Zebedee Marlowe", afterCreate);
        Assert.Contains("Zebedee Quayle", afterRename);
        Assert.DoesNotContain("Zebedee Marlowe", afterRename);
        Assert.Contains("No contacts match", ComposeShapes.AssertMessage(oldName), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_answer_cached_for_one_tenant_is_never_given_to_another()
    {
        var search = bot.Host.Services.GetRequiredService<RecordSearch>();
        var linked = await search.SearchTextAsync(ChannelSimulator.BotTenantId, Portal, CrmObjectType.Contacts, "grace", 0, 25, CancellationToken.None);
        Assert.True(linked.Answered);
        Assert.NotEmpty(linked.Page!.Results);

        // Another tenant naming the same portal gets nothing from the cache: it has to ask HubSpot, where it has no link.
        await Assert.ThrowsAsync<PortalNotLinkedException>(() =>
            search.SearchTextAsync("f0e1d2c3-b4a5-4968-8776-655443322110", Portal, CrmObjectType.Contacts, "grace", 0, 25, CancellationToken.None));
    }

    private static string[] Ids(JsonNode? body) =>
        [.. ComposeShapes.AssertResult(body).Select(a => (string)a!["preview"]!["content"]!["tap"]!["value"]!["id"]!)];

    private static string[] Titles(JsonNode? body) =>
        [.. ComposeShapes.AssertResult(body).Select(a => (string)a!["preview"]!["content"]!["title"]!)];
}
