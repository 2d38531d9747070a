using System.Text.Json.Nodes;
using Bot.Tests.Features.Deals;
using Bot.Tests.Harness;
using HubSpotTeamsBot.Features.Deals;
using HubSpotTeamsBot.Features.Engagements;
using HubSpotTeamsBot.Records;
using static Bot.Tests.Features.Contacts.ContactKit;

namespace Bot.Tests.Features.Owners;

/// <summary>Every form offers the portal's active owners (acting user first) and stores the one chosen, over real HTTP.</summary>
public sealed class OwnerPickerFormTests(CrmBotFixture bot) : IClassFixture<CrmBotFixture>, IAsyncLifetime
{
    // The sandbox portal's active owners (Isaiah Langer is archived), Megan Bowen being the admin who acts.
    private static readonly (string Title, string Value)[] MeganFirst =
    [
        ("Megan Bowen (you)", "70000001"), ("Adele Vance", "70000003"), ("Alex Wilber", "70000002"), ("Larry Brown", "70000005"),
        ("Nestor Wilke", "70000004"),
    ];

    public Task InitializeAsync() => bot.StartLinkedAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task The_contact_form_lists_the_portals_owners_you_first_and_stores_the_owner_chosen()
    {
        var chat = TeamsConversation.Personal(bot.Admin);
        var form = await NewContactFormAsync(bot, chat, bot.Admin);

        AssertPicker(form, "hubspot_owner_id", "70000001");
        var email = NewEmail();
        await ExecuteAsync(bot, chat, bot.Admin, RecordCards.Verbs.ContactCreate,
            Fill(ButtonData(form), ("firstname", "Picked"), ("email", email), ("hubspot_owner_id", "70000003")));

        var stored = Assert.Single(await ContactsWithEmailAsync(bot, email));
        Assert.Equal("70000003", Property(stored, "hubspot_owner_id"));
    }

    [Fact]
    public async Task The_deal_form_lists_the_portals_owners_you_first_and_stores_the_owner_chosen()
    {
        var flow = await CrmFlow.StartAsync(bot, bot.Admin);
        var form = (await flow.SayAsync("new deal")).Card!;

        AssertPicker(form, DealFields.Owner, "70000001");
        var name = $"Owned {Guid.NewGuid():N}"[..20];
        await flow.ExecuteAsync(FormCards.Click(form, "Create deal", (DealFields.Name, name), (DealFields.Stage, "default|qualifiedtobuy"),
            (DealFields.Owner, "70000004")));

        var stored = Assert.Single(await flow.StoredAsync("deals", "dealname", name));
        Assert.Equal("70000004", stored.GetProperty("properties").GetProperty("hubspot_owner_id").GetString());
    }

    [Fact]
    public async Task The_task_form_lists_the_portals_owners_you_first_and_assigns_the_owner_chosen()
    {
        var flow = await CrmFlow.StartAsync(bot, bot.Admin);
        var form = (await flow.SayAsync("log task ada@example.com")).Card!;

        AssertPicker(form, EngagementFields.Assignee, "70000001");
        var subject = $"Picked {Guid.NewGuid():N}"[..20];
        await flow.ExecuteAsync(FormCards.Click(form, "Log task", (EngagementFields.Subject, subject), (EngagementFields.DueDate, "2026-12-05"),
            (EngagementFields.Assignee, "70000005")));

        var stored = Assert.Single(await flow.StoredAsync("tasks", "hs_task_subject", subject));
        Assert.Equal("70000005", stored.GetProperty("properties").GetProperty("hubspot_owner_id").GetString());
    }

    [Fact]
    public async Task An_owner_id_that_is_no_owner_is_refused_under_the_field_and_nothing_is_written()
    {
        var flow = await CrmFlow.StartAsync(bot, bot.Admin);
        var form = (await flow.SayAsync("new deal")).Card!;
        var name = $"NoOwner {Guid.NewGuid():N}"[..20];

        // 70000006 is Isaiah Langer, archived: no longer an owner a record can get.
        var reshown = FormCards.ExecuteCard(await flow.ExecuteAsync(FormCards.Click(form, "Create deal", (DealFields.Name, name),
            (DealFields.Stage, "default|qualifiedtobuy"), (DealFields.Owner, "70000006"))));

        Assert.Equal("That owner is no longer an active HubSpot user. Choose another.", FormCards.ErrorUnder(reshown, DealFields.Owner));
        Assert.Empty(await flow.StoredAsync("deals", "dealname", name));
    }

    private static void AssertPicker(JsonObject card, string id, string selected)
    {
        var input = card["body"]!.AsArray().Single(e => e?["id"]?.GetValue<string>() == id)!;
        Assert.Equal("Input.ChoiceSet", input["type"]!.GetValue<string>());
        Assert.Equal("filtered", input["style"]!.GetValue<string>());
        Assert.Equal(selected, input["value"]?.GetValue<string>());
        var choices = input["choices"]!.AsArray().Select(c => (c!["title"]!.GetValue<string>(), c["value"]!.GetValue<string>())).ToArray();
        Assert.Equal(MeganFirst, choices);
    }
}
