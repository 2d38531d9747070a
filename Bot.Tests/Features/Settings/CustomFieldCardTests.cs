using System.Text.Json;
using System.Text.Json.Nodes;
using Bot.Tests.Harness;
using HubSpotTeamsBot.Records;
using static Bot.Tests.Features.Contacts.ContactKit;
using static Bot.Tests.Features.Settings.SchemaFormKit;

namespace Bot.Tests.Features.Settings;

/// <summary>
/// A contact card shows the properties an admin put on the contact forms (custom ones included) after its own facts,
/// as people read them (option labels, days): on the form's confirmation and when the card refreshes. Real HTTP, a
/// sandbox portal with custom properties, Azurite.
/// </summary>
public sealed class CustomFieldCardTests(CrmBotFixture bot) : IClassFixture<CrmBotFixture>, IAsyncLifetime
{
    private long _portalId;

    public async Task InitializeAsync() => _portalId = await LinkCustomPortalAsync(bot);

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task The_confirmation_and_the_refreshed_card_show_the_admins_custom_fields_by_their_labels()
    {
        var chat = TeamsConversation.Personal(bot.Admin);
        await ChooseFieldsAsync(bot, chat, "contact-create", "firstname, email, lead_source, region, employee_count, first_contact_date, interests, newsletter");
        var form = await NewContactFormAsync(bot, chat, bot.Editor);
        var email = NewEmail();
        var created = await ExecuteAsync(bot, chat, bot.Editor, RecordCards.Verbs.ContactCreate, Fill(ButtonData(form),
            ("email", email), ("firstname", "Ada"), ("lead_source", "referral"), ("region", "west"), ("employee_count", "250"),
            ("first_contact_date", "2026-03-04"), ("interests", "hardware,training"), ("newsletter", "true")));
        // The card's own facts first (the email), then the admin's fields in the form's order.
        (string, string)[] expected =
        [
            ("Email", email), ("Lead source", "Referral"), ("Region", "West"), ("Employee count", "250"),
            ("First contact date", "2026-03-04"), ("Interests", "Hardware, Training"), ("Newsletter", "Yes"),
        ];
        Assert.Equal(expected, Facts(created.AsObject()));

        var id = Assert.Single(await ContactsAsync(email)).GetProperty("id").GetString()!;
        var refreshed = await ExecuteAsync(bot, chat, bot.Editor, RecordCards.Verbs.Refresh, new JsonObject { ["recordType"] = "contacts", ["recordId"] = id });
        Assert.Equal(expected, Facts(refreshed.AsObject()));
    }

    /// <summary>The card's facts (title, value), in order.</summary>
    private static List<(string, string)> Facts(JsonObject card) =>
        card["body"]!.AsArray().Single(e => e?["type"]?.GetValue<string>() == "FactSet")!["facts"]!.AsArray()
            .Select(f => (f!["title"]!.GetValue<string>(), f["value"]!.GetValue<string>())).ToList();

    private async Task<List<JsonElement>> ContactsAsync(string email)
    {
        var all = await bot.Sandbox.Admin.GetObjectsAsync(_portalId, "contacts");
        return all.EnumerateArray().Where(c => Property(c, "email") == email).ToList();
    }
}
