using System.Text.Json;
using Bot.Tests.Harness;
using HubSpotTeamsBot.Records;
using HubSpotTeamsBot.Cards;
using static Bot.Tests.Features.Contacts.ContactKit;
using static Bot.Tests.Features.Settings.SchemaFormKit;

namespace Bot.Tests.Features.Settings;

/// <summary>
/// A portal that requires a property no admin put on the form: HubSpot's 400 adds it to the form (values kept), and
/// the portal's next form shows it from the start. Its own class: what the bot learns lasts for the tenant.
/// </summary>
public sealed class RequiredFieldTests(CrmBotFixture bot) : IClassFixture<CrmBotFixture>
{
    [Fact]
    public async Task A_property_hubspot_requires_joins_the_form_with_the_typed_values_kept()
    {
        var portalId = await LinkCustomPortalAsync(bot);
        var chat = TeamsConversation.Personal(bot.Editor);
        var form = await NewContactFormAsync(bot, chat, bot.Editor);
        Assert.DoesNotContain("lead_source", InputIds(form));

        var email = NewEmail();
        var refused = (await ExecuteAsync(bot, chat, bot.Editor, RecordCards.Verbs.ContactCreate, Fill(ButtonData(form),
            ("firstname", "Grace"), ("email", email)))).AsObject();
        Assert.Contains("lead_source", InputIds(refused));
        Assert.True(Input(refused, "lead_source")["isRequired"]!.GetValue<bool>());
        Assert.Contains("requires more fields", AllText(refused), StringComparison.Ordinal);
        Assert.Equal("Grace", InputValue(refused, "firstname"));
        Assert.Equal(email, InputValue(refused, "email"));

        var created = await ExecuteAsync(bot, chat, bot.Editor, RecordCards.Verbs.ContactCreate, Fill(ButtonData(refused),
            ("firstname", "Grace"), ("email", email), ("lead_source", "trade_show")));
        Assert.Contains("Contact created", AllText(created), StringComparison.Ordinal);
        var all = await bot.Sandbox.Admin.GetObjectsAsync(portalId, "contacts");
        var stored = Assert.Single(all.EnumerateArray(), c => Property(c, "email") == email);
        Assert.Equal("trade_show", Property(stored, "lead_source"));

        Assert.Contains("lead_source", InputIds(await NewContactFormAsync(bot, chat, bot.Editor)));
    }
}
