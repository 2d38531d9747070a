using System.Text.Json.Nodes;
using HubSpotTeamsBot.Features.Deals;
using HubSpotTeamsBot.Forms;
using HubSpotTeamsBot.Records;

namespace Bot.Tests.Features.Deals;

public sealed class DealFormCardTests
{
    private static readonly DealFormState Typed = new("submission-1", new Dictionary<string, string?> { [DealFields.Name] = "Renewal 2027", [DealFields.Amount] = "1200" });

    [Fact]
    public void Without_a_stage_list_the_form_says_so_instead_of_an_empty_choice_and_keeps_the_values()
    {
        var card = DealFormCard.Build(FormHost.Inline, Typed, [], "EUR", FormProblems.None);

        var elements = Elements(card).ToList();
        Assert.DoesNotContain(elements, e => e["id"]?.GetValue<string>() == DealFields.Stage);
        Assert.Contains(elements, e => e["text"]?.GetValue<string>() == DealFormCard.StagesUnavailable);
        Assert.Equal("Renewal 2027", elements.Single(e => e["id"]?.GetValue<string>() == DealFields.Name)["value"]?.GetValue<string>());
    }

    [Fact]
    public void With_stages_the_form_offers_them()
    {
        var card = DealFormCard.Build(FormHost.Inline, Typed, [new StageChoice("default", "appointmentscheduled", "Sales › Appointment scheduled")], "EUR", FormProblems.None);

        var stage = Elements(card).Single(e => e["id"]?.GetValue<string>() == DealFields.Stage);
        Assert.Single(stage["choices"]!.AsArray());
        Assert.DoesNotContain(Elements(card), e => e["text"]?.GetValue<string>() == DealFormCard.StagesUnavailable);
    }

    private static IEnumerable<JsonObject> Elements(JsonNode? node) => node switch
    {
        JsonObject o => new[] { o }.Concat(o.SelectMany(p => Elements(p.Value))),
        JsonArray a => a.SelectMany(Elements),
        _ => [],
    };
}
