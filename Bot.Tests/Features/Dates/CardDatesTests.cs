using HubSpotTeamsBot.Records;
using HubSpotTeamsBot.Cards;
using HubSpotTeamsBot.Features.Deals;
using HubSpotTeamsBot.Features.MessageExtension;
using HubSpotTeamsBot.Features.Notifications;
using HubSpotTeamsBot.HubSpot;

namespace Bot.Tests.Features.Dates;

/// <summary>Dates on cards are never raw ISO text or epoch numbers: they are DATE/TIME functions Teams formats in each
/// reader's locale and time zone.</summary>
public sealed class CardDatesTests
{
    private static string Fact(System.Text.Json.Nodes.JsonObject card, string title) =>
        card["body"]!.AsArray().Where(b => (string?)b!["type"] == "FactSet").SelectMany(b => b!["facts"]!.AsArray())
            .Single(f => (string?)f!["title"] == title)!["value"]!.GetValue<string>();

    [Fact]
    public void A_deal_cards_close_date_is_a_DATE_function_whatever_HubSpot_stored()
    {
        foreach (var stored in new[] { "2026-12-01T00:00:00Z", "2026-12-01T00:00:00.000Z", "1796083200000" })
        {
            var deal = new CrmObject("9001", new Dictionary<string, string?> { ["dealname"] = "Big deal", ["closedate"] = stored });
            var card = RecordCards.Deal(deal, new HubSpotRecordLinks(20260301), new RecordCardOptions());

            // A calendar day (midnight UTC) is shown from noon UTC, so readers west of UTC don't see the day before.
            Assert.Equal("{{DATE(2026-12-01T12:00:00Z, SHORT)}}", Fact(card, "Close date"));
        }
    }

    [Fact]
    public void A_moment_keeps_its_time_and_shows_date_and_time()
    {
        Assert.Equal("{{DATE(2026-11-20T09:30:00Z, SHORT)}} {{TIME(2026-11-20T09:30:00Z)}}", CardDates.Moment(CardDates.Parse("2026-11-20T10:30:00+01:00")!.Value));
        Assert.Equal("{{DATE(2026-11-20T09:30:00Z, SHORT)}} {{TIME(2026-11-20T09:30:00Z)}}", CardDates.Moment(CardDates.Parse("1795167000000")!.Value));
        Assert.Equal("{{DATE(2026-11-20T09:30:00Z, SHORT)}}", CardDates.Date(CardDates.Parse("2026-11-20T09:30:00Z")!.Value));
    }

    [Fact]
    public void A_stored_value_that_is_not_a_date_stays_literal_even_if_it_spells_a_DATE_function()
    {
        var deal = new CrmObject("9001", new Dictionary<string, string?> { ["dealname"] = "Big deal", ["closedate"] = "{{DATE(2026-12-01T12:00:00Z, SHORT)}}" });

        var shown = Fact(RecordCards.Deal(deal, new HubSpotRecordLinks(20260301), new RecordCardOptions()), "Close date");

        Assert.DoesNotContain("{{", shown, StringComparison.Ordinal);
    }

    [Fact]
    public void The_log_to_HubSpot_dialog_shows_when_the_message_was_written_in_the_readers_time()
    {
        var card = LogToHubSpotDialog.Card(new TeamsMessage("m1", "hello", "Adele Vance", new DateTimeOffset(2026, 11, 20, 9, 30, 0, TimeSpan.Zero), null));

        Assert.Contains("**Adele Vance** · {{DATE(2026-11-20T09:30:00Z, SHORT)}} {{TIME(2026-11-20T09:30:00Z)}}", card.ToJsonString(new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }), StringComparison.Ordinal);
        Assert.DoesNotContain("UTC", card.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_task_notification_shows_its_due_time_for_the_reader_and_status_and_priority_as_labels()
    {
        var task = new CrmObject("77", new Dictionary<string, string?>
        {
            ["hs_task_subject"] = "Send contract", ["hs_timestamp"] = "2026-11-20T09:30:00Z", ["hs_task_status"] = "NOT_STARTED", ["hs_task_priority"] = "HIGH",
        });
        var entry = new CardEntry { TenantId = "t", ConversationId = "c", RecordType = "tasks", RecordId = "77", Lines = ["Created"], ChangeCount = 1 };

        var card = NotificationCards.Notification(CrmObjectType.Tasks, task, entry, new HubSpotRecordLinks(20260301), NotificationLabels.None);

        Assert.Equal("{{DATE(2026-11-20T09:30:00Z, SHORT)}} {{TIME(2026-11-20T09:30:00Z)}}", Fact(card, "Due"));
        Assert.Equal("Not started", Fact(card, "Status"));
        Assert.Equal("High", Fact(card, "Priority"));
    }

    [Fact]
    public void A_deal_card_names_its_contacts()
    {
        var deal = new CrmObject("9001", new Dictionary<string, string?> { ["dealname"] = "Big deal" });

        var card = RecordCards.Deal(deal, new HubSpotRecordLinks(20260301), new RecordCardOptions { Contacts = DealContactNames.Say(["Ada Lovelace", "Grace Hopper"], 0) });

        Assert.Equal("Ada Lovelace and Grace Hopper", Fact(card, "Contacts"));
        Assert.Equal("Ada Lovelace, Grace Hopper, Alan Turing and 2 more", DealContactNames.Say(["Ada Lovelace", "Grace Hopper", "Alan Turing"], 2));
    }
}
