using Bot.Tests.Features.Contacts;
using Bot.Tests.Harness;
using HubSpotTeamsBot.HubSpot;
using Microsoft.Extensions.DependencyInjection;
using static Bot.Tests.Features.Contacts.ContactKit;

namespace Bot.Tests.Features.Find;

/// <summary><c>find &lt;text&gt;</c> against the seeded sandbox portal.</summary>
public sealed class FindTests(CrmBotFixture bot) : IClassFixture<CrmBotFixture>, IAsyncLifetime
{
    private const string Tenant = ChannelSimulator.BotTenantId;

    public Task InitializeAsync() => bot.StartLinkedAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Find_lists_matching_contacts_and_deals_with_open_and_edit_buttons()
    {
        var tag = "Fq" + Guid.NewGuid().ToString("N")[..6];
        var contact = await Crm.CreateAsync(Tenant, CrmObjectType.Contacts, new Dictionary<string, string> { ["firstname"] = tag, ["lastname"] = "Person", ["email"] = NewEmail() });
        var deal = await Crm.CreateAsync(Tenant, CrmObjectType.Deals, new Dictionary<string, string> { ["dealname"] = tag + " renewal", ["dealstage"] = "appointmentscheduled", ["pipeline"] = "default" });
        // An editor: a viewer gets Open only (ReaderActionsTests).
        var chat = TeamsConversation.Personal(bot.Editor);

        var reply = await bot.Teams.SayAsync(chat, bot.Editor, $"find {tag}");

        var json = reply.Card!.ToJsonString();
        Assert.Contains("2 matches", reply.VisibleText, StringComparison.Ordinal);
        Assert.Contains($"/record/0-1/{contact.Id}", json, StringComparison.Ordinal);
        Assert.Contains($"/record/0-3/{deal.Id}", json, StringComparison.Ordinal);
        Assert.Contains("\"contact.update\"", json, StringComparison.Ordinal);
        Assert.Contains("\"deal.update\"", json, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Find_shows_at_most_ten_and_says_how_many_matched()
    {
        var company = "Bulkco" + Guid.NewGuid().ToString("N")[..6];
        await bot.Sandbox.Admin.SeedContactsAsync(SandboxHost.DemoPortalId, 14, company);
        var chat = TeamsConversation.Personal(bot.Editor);

        var reply = await bot.Teams.SayAsync(chat, bot.Editor, $"find {company}");

        Assert.Contains("First 10 of 14", reply.VisibleText, StringComparison.Ordinal);
        Assert.Equal(10, reply.Card!["body"]!.AsArray().Count(e => e!["type"]!.GetValue<string>() == "Container"));
    }

    [Fact]
    public async Task Find_without_matches_or_text_says_what_to_try()
    {
        var chat = TeamsConversation.Personal(bot.Editor);

        var none = await bot.Teams.SayAsync(chat, bot.Editor, "find zzqqxxnothing");
        var empty = await bot.Teams.SayAsync(chat, bot.Editor, "find");

        Assert.Contains("Nothing in HubSpot matches", none.VisibleText, StringComparison.Ordinal);
        Assert.Contains("What should I look for?", empty.VisibleText, StringComparison.Ordinal);
    }

    private HubSpotCrmClient Crm => bot.Host.Services.GetRequiredService<HubSpotCrmClient>();
}
