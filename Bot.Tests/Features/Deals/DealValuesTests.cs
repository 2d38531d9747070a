using HubSpotTeamsBot.Features.Deals;
using HubSpotTeamsBot.HubSpot;
using HubSpotTeamsBot.Records;

namespace Bot.Tests.Features.Deals;

public sealed class DealValuesTests
{
    private static Dictionary<string, string?> Form(string? name = "Acme renewal", string? stage = "default|qualifiedtobuy",
        string? amount = "12500.50", string? close = "2026-12-31") => new()
        {
            [DealFields.Name] = name, [DealFields.Stage] = stage, [DealFields.Amount] = amount, [DealFields.CloseDate] = close,
        };

    [Fact]
    public void A_complete_form_becomes_deal_properties_with_pipeline_and_stage_split()
    {
        var values = DealValues.Parse(Form(), creating: true);

        Assert.True(values.IsValid);
        Assert.Equal("Acme renewal", values.Properties["dealname"]);
        Assert.Equal("default", values.Properties["pipeline"]);
        Assert.Equal("qualifiedtobuy", values.Properties["dealstage"]);
        Assert.Equal("12500.50", values.Properties["amount"]);
        Assert.Equal(new DateTimeOffset(2026, 12, 31, 0, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture), values.Properties["closedate"]);
    }

    [Fact]
    public void Bad_values_are_reported_per_field_and_nothing_is_guessed()
    {
        var values = DealValues.Parse(Form(name: " ", stage: "qualifiedtobuy", amount: "12,5k", close: "31/12/2026"), creating: true);

        Assert.False(values.IsValid);
        Assert.Equal([DealFields.Amount, DealFields.CloseDate, DealFields.Name, DealFields.Stage], values.Errors.Keys.Order());
        Assert.DoesNotContain("amount", values.Properties.Keys);
    }

    [Fact]
    public void Empty_optional_fields_are_left_out_on_create_and_cleared_on_update()
    {
        var create = DealValues.Parse(Form(amount: "", close: null), creating: true);
        var update = DealValues.Parse(Form(amount: "", close: null), creating: false);

        Assert.DoesNotContain("amount", create.Properties.Keys);
        Assert.Equal("", update.Properties["amount"]);
        Assert.Equal("", update.Properties["closedate"]);
    }

    [Theory]
    [InlineData("1798675200000", "2026-12-31")]
    [InlineData("2026-12-31T00:00:00Z", "2026-12-31")]
    [InlineData(null, "")]
    [InlineData("soon", "")]
    public void Stored_close_dates_come_back_as_card_dates(string? stored, string expected) =>
        Assert.Equal(expected, DealValues.DateForCard(stored));

    [Fact]
    public void Stage_choices_list_every_pipeline_and_stage_and_round_trip_their_value()
    {
        var pipelines = new[]
        {
            new DealPipeline("default", "Sales Pipeline", 0, [new DealStage("appointmentscheduled", "Appointment scheduled", 0), new DealStage("closedwon", "Closed won", 1)]),
            new DealPipeline("1100000", "Renewals", 1, [new DealStage("1100001", "Up for renewal", 0)]),
        };

        var choices = StageChoice.From(pipelines);

        Assert.Equal(["Sales Pipeline › Appointment scheduled", "Sales Pipeline › Closed won", "Renewals › Up for renewal"], choices.Select(c => c.Title));
        Assert.True(StageChoice.TryParse(choices[2].Value, out var pipeline, out var stage));
        Assert.Equal(("1100000", "1100001"), (pipeline, stage));
        Assert.False(StageChoice.TryParse("closedwon", out _, out _));
        Assert.False(StageChoice.TryParse("a|b|c", out _, out _));
    }

    [Theory]
    [InlineData("dealstage", DealFields.Stage)]
    [InlineData("pipeline", DealFields.Stage)]
    [InlineData("amount", DealFields.Amount)]
    [InlineData("hubspot_owner_id", DealFields.Owner)]
    public void HubSpot_property_errors_land_on_the_input_that_wrote_them(string property, string input) =>
        Assert.Equal(input, DealFields.ForProperty(property));

    [Fact]
    public void A_negative_amount_is_refused_not_clamped_to_zero()
    {
        var values = DealValues.Parse(Form(amount: "-5"), creating: true);

        Assert.False(values.IsValid);
        Assert.DoesNotContain("amount", values.Properties.Keys);
        Assert.Contains("can't be negative", values.Errors[DealFields.Amount], StringComparison.Ordinal);
    }

    [Fact]
    public void The_deal_form_keeps_a_refused_amount_as_typed_and_lets_no_client_clamp_it()
    {
        var state = new DealFormState("s1", new Dictionary<string, string?> { [DealFields.Name] = "Acme", [DealFields.Amount] = "-5" });

        var card = DealFormCard.Build(HubSpotTeamsBot.Forms.FormHost.Dialog, state, [new StageChoice("default", "appointmentscheduled", "Sales › Appointment")], "GBP",
            HubSpotTeamsBot.Forms.FormProblems.Fields(new Dictionary<string, string> { [DealFields.Amount] = "The amount can't be negative (-5). Enter 0 or more." }));

        var amount = FormCards.Input(card, DealFields.Amount);
        Assert.Equal("-5", amount["value"]!.GetValue<string>());
        Assert.Null(amount["min"]);
        Assert.Contains("0 or more", amount["label"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Null(FormCards.Input(card, DealFields.Name)["maxLength"]);
    }
}
