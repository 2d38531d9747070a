using HubSpotTeamsBot.Cards;
using HubSpotTeamsBot.HubSpot;
using HubSpotTeamsBot.Records;

namespace Bot.Tests.Features.Forms;

public sealed class RecordCardsTests
{
    private static readonly CrmObject Contact = new("501", new Dictionary<string, string?>
    {
        ["firstname"] = "Ada", ["lastname"] = "Lovelace", ["email"] = "ada@example.com", ["lifecyclestage"] = "lead", ["hubspot_owner_id"] = "77",
    });

    [Fact]
    public void A_contact_card_links_to_the_portals_ui_domain_and_offers_edit_log_activity_and_new_deal_dialogs()
    {
        var card = RecordCards.Contact(Contact, new HubSpotRecordLinks(20260302, "app-eu1.hubspot.com"),
            new RecordCardOptions { OwnerName = "Megan Bowen", Labels = new Dictionary<string, string> { ["lead"] = "Lead" }, ReaderCanEdit = true });

        var actions = card["actions"]!.AsArray();
        Assert.Equal("https://app-eu1.hubspot.com/contacts/20260302/record/0-1/501", actions[0]!["url"]!.GetValue<string>());
        Assert.Equal(["Open in HubSpot", "Edit", "Log activity", "New deal"], actions.Select(a => a!["title"]!.GetValue<string>()));
        Assert.All(actions.Skip(1), a => Assert.Equal("task/fetch", a!["data"]!["msteams"]!["type"]!.GetValue<string>()));
        Assert.Equal("contact.update", actions[1]!["data"]!["verb"]!.GetValue<string>());
        Assert.Equal("501", actions[3]!["data"]!["contactId"]!.GetValue<string>());
        var json = card.ToJsonString();
        Assert.Contains("\"Lead\"", json, StringComparison.Ordinal);
        Assert.Contains("Megan Bowen", json, StringComparison.Ordinal);
        Assert.DoesNotContain("\"77\"", json, StringComparison.Ordinal);
    }

    [Fact]
    public void A_card_for_someone_who_may_not_write_carries_only_Open_in_HubSpot()
    {
        var deal = new CrmObject("9001", new Dictionary<string, string?> { ["dealname"] = "Big deal" });

        var contactCard = RecordCards.Contact(Contact, new HubSpotRecordLinks(20260302), new RecordCardOptions());
        var dealCard = RecordCards.Deal(deal, new HubSpotRecordLinks(20260302), new RecordCardOptions());

        foreach (var card in new[] { contactCard, dealCard })
            Assert.Equal(["Open in HubSpot"], card["actions"]!.AsArray().Select(a => a!["title"]!.GetValue<string>()));
    }

    [Fact]
    public void A_deal_card_for_link_unfurling_is_version_1_3_without_Action_Execute_and_uses_the_default_domain()
    {
        var deal = new CrmObject("9001", new Dictionary<string, string?> { ["dealname"] = "Big deal", ["closedate"] = "2026-12-01T00:00:00Z" });

        var card = RecordCards.Deal(deal, new HubSpotRecordLinks(20260301), new RecordCardOptions { Version = "1.3" });

        Assert.Equal("1.3", card["version"]!.GetValue<string>());
        Assert.DoesNotContain("Action.Execute", card.ToJsonString(), StringComparison.Ordinal);
        Assert.Contains("2026-12-01", card.ToJsonString(), StringComparison.Ordinal);
        Assert.Equal("https://app.hubspot.com/contacts/20260301/record/0-3/9001", card["actions"]![0]!["url"]!.GetValue<string>());
    }

    [Fact]
    public void A_deal_card_shows_the_amount_in_the_deals_currency_else_the_portals_and_labels_not_ids()
    {
        var deal = new CrmObject("9002", new Dictionary<string, string?> { ["dealname"] = "Big", ["amount"] = "25000", ["pipeline"] = "default", ["dealstage"] = "contractsent" });
        var euro = new CrmObject("9003", new Dictionary<string, string?> { ["dealname"] = "Euro", ["amount"] = "1234.5", ["deal_currency_code"] = "EUR" });
        var labels = new Dictionary<string, string> { ["default"] = "Sales Pipeline", ["contractsent"] = "Contract sent" };

        static string Facts(System.Text.Json.Nodes.JsonObject card) => string.Join("\n", card["body"]!.AsArray()
            .Where(e => e!["type"]!.GetValue<string>() == "FactSet").SelectMany(f => f!["facts"]!.AsArray().Select(x => x!["value"]!.GetValue<string>())));
        var card = Facts(RecordCards.Deal(deal, new HubSpotRecordLinks(1), new RecordCardOptions { Currency = "GBP", Labels = labels }));
        var euroCard = Facts(RecordCards.Deal(euro, new HubSpotRecordLinks(1), new RecordCardOptions { Currency = "GBP" }));

        Assert.Contains("£25,000.00", card, StringComparison.Ordinal);
        Assert.Contains("Contract sent", card, StringComparison.Ordinal);
        Assert.Contains("Sales Pipeline", card, StringComparison.Ordinal);
        Assert.DoesNotContain("contractsent", card, StringComparison.Ordinal);
        Assert.Contains("€1,234.50", euroCard, StringComparison.Ordinal);
    }
}
