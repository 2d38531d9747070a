using HubSpotTeamsBot.Cards;
using HubSpotTeamsBot.Features.Engagements;
using HubSpotTeamsBot.HubSpot;
using HubSpotTeamsBot.Records;

namespace Bot.Tests.Features.Engagements;

/// <summary>The "… logged on …" confirmation: the record is a real link, and what was logged shows the portal's labels.</summary>
public sealed class EngagementResultCardTests
{
    private static readonly HubSpotRecordLinks Links = new(20260301);

    private static readonly EngagementChoices Choices = new(new Dictionary<string, IReadOnlyList<(string Title, string Value)>>
    {
        ["hs_task_priority"] = [("Low", "LOW"), ("High", "HIGH")],
        ["hs_task_type"] = [("To-do", "TODO"), ("Phone call", "CALL")],
        ["hs_call_status"] = [("Completed", "COMPLETED"), ("No answer", "NO_ANSWER")],
        ["hs_call_direction"] = [("Outbound", "OUTBOUND")],
    });

    [Fact]
    public void A_task_on_a_deal_links_the_deal_and_shows_type_and_priority_labels_and_the_due_date_for_the_reader()
    {
        var state = new EngagementFormState("s", EngagementKind.Task, new CrmRecordRef(CrmObjectType.Deals, "9001"), "Big deal",
            new Dictionary<string, string?> { ["subject"] = "Send contract", ["priority"] = "HIGH", ["taskType"] = "CALL", ["dueDate"] = "2026-12-01" });

        var card = EngagementForm.ResultCard(state, "77", Links, Choices);

        Assert.Equal("Task logged on [Big deal](https://app.hubspot.com/contacts/20260301/record/0-3/9001)", (string?)card["body"]![0]!["text"]);
        var facts = Facts(card);
        Assert.Equal("Phone call", facts["Type"]);
        Assert.Equal("High", facts["Priority"]);
        Assert.Equal("{{DATE(2026-12-01T12:00:00Z, SHORT)}}", facts["Due"]);
        Assert.DoesNotContain("HIGH", card.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_calls_outcome_is_its_label()
    {
        var state = new EngagementFormState("s", EngagementKind.Call, new CrmRecordRef(CrmObjectType.Contacts, "501"), "Ada Lovelace",
            new Dictionary<string, string?> { ["title"] = "Intro", ["status"] = "NO_ANSWER", ["direction"] = "OUTBOUND" });

        var facts = Facts(EngagementForm.ResultCard(state, "78", Links, Choices));

        Assert.Equal("No answer", facts["Outcome"]);
        Assert.Equal("Outbound", facts["Direction"]);
    }

    private static Dictionary<string, string> Facts(System.Text.Json.Nodes.JsonObject card) =>
        card["body"]!.AsArray().Single(b => (string?)b!["type"] == "FactSet")!["facts"]!.AsArray()
            .ToDictionary(f => (string)f!["title"]!, f => (string)f!["value"]!);
}
