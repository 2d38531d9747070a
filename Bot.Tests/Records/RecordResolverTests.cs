using Bot.Tests.Features.Deals;
using Bot.Tests.Harness;
using HubSpotTeamsBot.HubSpot;
using HubSpotTeamsBot.Records;
using Microsoft.Extensions.DependencyInjection;

namespace Bot.Tests.Records;

/// <summary>
/// The one resolver every command, form and the Log to HubSpot dialog use, against the HubSpot sandbox: a record is
/// found the same way whether the person typed its email, its id or pasted its HubSpot link.
/// </summary>
public sealed class RecordResolverTests(CrmBotFixture bot) : IClassFixture<CrmBotFixture>, IAsyncLifetime
{
    private const string Tenant = ChannelSimulator.BotTenantId;

    public Task InitializeAsync() => bot.StartLinkedAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    private HubSpotCrmClient Crm => bot.Host.Services.GetRequiredService<HubSpotCrmClient>();

    private RecordResolver Resolver => bot.Host.Services.GetRequiredService<RecordResolver>();

    [Fact]
    public async Task Email_id_and_a_pasted_HubSpot_link_find_the_same_contact()
    {
        var ada = (await Crm.GetContactByEmailAsync(Tenant, "ada@example.com"))!;
        var link = new HubSpotRecordLinks(SandboxHost.DemoPortalId).Contact(ada.Id);
        var legacyLink = $"https://app-eu1.hubspot.com/contacts/{SandboxHost.DemoPortalId}/contact/{ada.Id}/?tab=activity";

        foreach (var typed in new[] { "ada@example.com", ada.Id, link, legacyLink, $"  {link}  " })
        {
            var found = await Resolver.FindAsync(Tenant, typed, new RecordQuery(RecordKinds.Any), CancellationToken.None);
            var one = Assert.Single(found);
            Assert.Equal((CrmObjectType.Contacts, ada.Id), (one.Type, one.Record.Id));
        }
    }

    [Fact]
    public async Task A_link_to_another_portal_or_of_a_kind_not_asked_for_finds_nothing()
    {
        var ada = (await Crm.GetContactByEmailAsync(Tenant, "ada@example.com"))!;
        var otherPortal = new HubSpotRecordLinks(SandboxHost.EuDemoPortalId).Contact(ada.Id);
        var own = new HubSpotRecordLinks(SandboxHost.DemoPortalId).Contact(ada.Id);

        Assert.Single(await Resolver.FindAsync(Tenant, own, new RecordQuery(RecordKinds.Any), CancellationToken.None));
        Assert.Empty(await Resolver.FindAsync(Tenant, otherPortal, new RecordQuery(RecordKinds.Any), CancellationToken.None));
        Assert.Empty(await Resolver.FindAsync(Tenant, own, new RecordQuery(RecordKinds.Deals), CancellationToken.None));
        Assert.Empty(await Resolver.FindAsync(Tenant, "ada@example.com", new RecordQuery(RecordKinds.Deals), CancellationToken.None));
    }

    [Fact]
    public async Task An_exact_name_wins_over_names_it_is_the_start_of_and_a_stem_lists_them_all()
    {
        var stem = "Resolve" + Guid.NewGuid().ToString("N")[..6];
        var exact = await Crm.CreateAsync(Tenant, CrmObjectType.Deals, new Dictionary<string, string> { ["dealname"] = stem + " renewal", ["pipeline"] = "default", ["dealstage"] = "contractsent" });
        await Crm.CreateAsync(Tenant, CrmObjectType.Deals, new Dictionary<string, string> { ["dealname"] = stem + " renewal two", ["pipeline"] = "default", ["dealstage"] = "contractsent" });

        var byName = await Resolver.FindAsync(Tenant, (stem + " RENEWAL").ToLowerInvariant(), new RecordQuery(RecordKinds.Any), CancellationToken.None);
        var byStem = await Resolver.ResolveAsync(Tenant, stem, contacts: true, deals: true, CancellationToken.None);

        Assert.Equal(exact.Id, Assert.Single(byName).Record.Id);
        Assert.Equal(2, byStem.Count);
        Assert.All(byStem, m => Assert.Equal(CrmObjectType.Deals, m.Type));
    }

    [Fact]
    public async Task A_number_that_is_no_records_id_and_blank_text_find_nothing()
    {
        Assert.Empty(await Resolver.FindAsync(Tenant, "987654321987", new RecordQuery(RecordKinds.Any), CancellationToken.None));
        Assert.Empty(await Resolver.FindAsync(Tenant, "   ", new RecordQuery(RecordKinds.Any), CancellationToken.None));
    }

    [Fact]
    public async Task Log_note_with_a_pasted_HubSpot_link_opens_the_form_on_that_contact_and_another_portals_link_does_not()
    {
        var flow = await CrmFlow.StartAsync(bot, bot.Admin);
        var ada = (await Crm.GetContactByEmailAsync(Tenant, "ada@example.com"))!;

        var form = (await flow.SayAsync($"log note {new HubSpotRecordLinks(SandboxHost.DemoPortalId).Contact(ada.Id)}")).Card!;
        var other = await flow.SayAsync($"log note {new HubSpotRecordLinks(SandboxHost.EuDemoPortalId).Contact(ada.Id)}");

        Assert.Contains("Log note on Ada Lovelace", FormCards.Elements(form["body"]).Select(e => e["text"]?.GetValue<string>()));
        Assert.Contains("No contact or deal in HubSpot matches", other.VisibleText, StringComparison.Ordinal);
    }
}
