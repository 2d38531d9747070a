using HubSpotTeamsBot.HubSpot;
using HubSpotTeamsBot.Records.Schema;

namespace Bot.Tests.Records;

/// <summary>Property definitions → form fields → card inputs → values HubSpot accepts.</summary>
public sealed class SchemaFieldTests
{
    private static PropertyDefinition Property(string name, string type, string fieldType, params string[] options) =>
        new(name, name.ToUpperInvariant(), type, fieldType, options.Select((o, i) => new PropertyOption(o.ToUpperInvariant(), o, i)).ToList());

    [Theory]
    [InlineData("string", "text", FieldKind.Text)]
    [InlineData("string", "textarea", FieldKind.TextArea)]
    [InlineData("number", "number", FieldKind.Number)]
    [InlineData("date", "date", FieldKind.Date)]
    [InlineData("datetime", "date", FieldKind.DateTime)]
    [InlineData("bool", "booleancheckbox", FieldKind.Boolean)]
    [InlineData("enumeration", "select", FieldKind.Select)]
    [InlineData("enumeration", "radio", FieldKind.Select)]
    [InlineData("enumeration", "checkbox", FieldKind.MultiSelect)]
    [InlineData("string", "phonenumber", FieldKind.Phone)]
    public void Each_type_and_field_type_has_its_kind(string type, string fieldType, FieldKind kind) =>
        Assert.Equal(kind, SchemaField.From(Property("p", type, fieldType, "a", "b"))!.Kind);

    [Fact]
    public void Email_is_recognised_by_name_and_read_only_or_optionless_properties_have_no_field()
    {
        Assert.Equal(FieldKind.Email, SchemaField.From(Property("email", "string", "text"))!.Kind);
        Assert.Null(SchemaField.From(Property("hs_object_id", "number", "number") with { Calculated = true }));
        Assert.Null(SchemaField.From(Property("empty", "enumeration", "select")));
        var hidden = Property("region", "enumeration", "select", "north", "south") with
        {
            Options = [new("North", "north", 1), new("Old", "old", 0, Hidden: true), new("South", "south", 0)],
        };
        Assert.Equal(["south", "north"], SchemaField.From(hidden)!.Options.Select(o => o.Value));
    }

    [Fact]
    public void Inputs_follow_the_kind_and_long_lists_are_searchable()
    {
        var number = FieldInputs.Render(SchemaField.From(Property("seats", "number", "number"))!, "12");
        Assert.Equal("Input.Number", number["type"]!.GetValue<string>());
        Assert.Equal("12", number["value"]!.GetValue<string>());
        var date = FieldInputs.Render(SchemaField.From(Property("renewal", "datetime", "date"))!, "1772582400000");
        Assert.Equal("Input.Date", date["type"]!.GetValue<string>());
        Assert.Equal("2026-03-04", date["value"]!.GetValue<string>());

        var many = Enumerable.Range(1, 40).Select(i => $"o{i}").ToArray();
        var filtered = FieldInputs.Render(SchemaField.From(Property("country", "enumeration", "select", many))! with { Required = true }, "o7");
        Assert.Equal("filtered", filtered["style"]!.GetValue<string>());
        Assert.Equal("o7", filtered["value"]!.GetValue<string>());
        Assert.True(filtered["isRequired"]!.GetValue<bool>());
        var few = FieldInputs.Render(SchemaField.From(Property("size", "enumeration", "select", "s", "m"))!, "gone");
        Assert.Equal("compact", few["style"]!.GetValue<string>());
        Assert.Null(few["value"]);

        var multi = FieldInputs.Render(SchemaField.From(Property("interests", "enumeration", "checkbox", "hw", "sw", "svc"))!, "hw;svc;gone");
        Assert.True(multi["isMultiSelect"]!.GetValue<bool>());
        Assert.Equal("hw,svc", multi["value"]!.GetValue<string>());
    }

    [Fact]
    public void Values_are_checked_by_type_and_turned_into_what_hubspot_stores()
    {
        SchemaField F(string type, string fieldType, params string[] options) => SchemaField.From(Property("p", type, fieldType, options))!;
        Assert.Equal("1250.5", FieldValues.Parse(F("number", "number"), " 1250.5 ").Value);
        Assert.NotNull(FieldValues.Parse(F("number", "number"), "lots").Error);
        Assert.Equal("2026-03-04", FieldValues.Parse(F("date", "date"), "2026-03-04").Value);
        Assert.NotNull(FieldValues.Parse(F("date", "date"), "04/03/2026").Error);
        Assert.NotNull(FieldValues.Parse(F("date", "date"), "2026-02-30").Error);
        Assert.Equal("1772582400000", FieldValues.Parse(F("datetime", "date"), "2026-03-04").Value);
        Assert.Equal("b", FieldValues.Parse(F("enumeration", "select", "a", "b"), "b").Value);
        Assert.NotNull(FieldValues.Parse(F("enumeration", "select", "a", "b"), "c").Error);
        Assert.Equal("a;b", FieldValues.Parse(F("enumeration", "checkbox", "a", "b"), "a,b").Value);
        Assert.NotNull(FieldValues.Parse(F("enumeration", "checkbox", "a", "b"), "a,z").Error);
        Assert.Equal("true", FieldValues.Parse(F("bool", "booleancheckbox"), "true").Value);
        Assert.NotNull(FieldValues.Parse(F("bool", "booleancheckbox"), "maybe").Error);
        Assert.Equal("+44 20 7946 0958 ext 12", FieldValues.Parse(F("string", "phonenumber"), "+44 20 7946 0958 ext 12").Value);
        Assert.NotNull(FieldValues.Parse(F("string", "phonenumber"), "call me").Error);
        Assert.NotNull(FieldValues.Parse(SchemaField.From(Property("email", "string", "text"))!, "not-an-email").Error);
        Assert.NotNull(FieldValues.Parse(F("string", "text"), new string('x', HubSpotLimits.MaxStringLength + 1)).Error);
        Assert.Equal(new FieldValues.Parsed(null, null), FieldValues.Parse(F("string", "text"), "  "));
        Assert.Equal("P is required.", FieldValues.Parse(F("string", "text") with { Required = true }, "").Error);
    }

    [Fact]
    public void Hubspot_errors_land_on_their_field_and_say_when_definitions_are_stale_or_a_field_is_required()
    {
        var refused = new HubSpotValidationException("bad", new Dictionary<string, string>
        {
            ["region"] = "north was not one of the allowed options: [South: south]",
            ["lead_source"] = "Property \"lead_source\" is required.",
        }, "VALIDATION_ERROR", null)
        { FieldCodes = new Dictionary<string, string> { ["region"] = "INVALID_OPTION", ["lead_source"] = "MISSING_REQUIRED_PROPERTY" } };
        var errors = SchemaErrors.From(refused, ["email", "region"]);
        Assert.StartsWith("HubSpot: north was not one", errors.FieldErrors["region"]);
        Assert.True(errors.DefinitionsStale);
        Assert.Equal(["lead_source"], errors.MissingRequired);
        Assert.Contains("requires more fields", errors.Banner);

        var plain = SchemaErrors.From(new HubSpotValidationException("bad", new Dictionary<string, string> { ["email"] = "Email address x is invalid" }, null, null), ["email"]);
        Assert.False(plain.DefinitionsStale);
        Assert.Empty(plain.MissingRequired);
    }

    [Fact]
    public void A_value_sent_back_unchanged_in_another_spelling_is_no_change_and_a_real_change_is_sent_as_hubspot_stores_it()
    {
        var at = SchemaField.From(Property("next_step_at", "datetime", "date"))!;
        var seats = SchemaField.From(Property("seats", "number", "number"))!;
        var interests = SchemaField.From(Property("interests", "enumeration", "checkbox", "a", "b", "c"))!;
        var competitor = SchemaField.From(Property("competitor", "string", "text"))!;
        // HubSpot returns a date-time as ISO; the form shows its day and sends that day back.
        Assert.True(FieldValues.Same(at, "2026-05-01T15:30:00.000Z", "2026-05-01"));
        Assert.True(FieldValues.Same(at, "1777649400000", "2026-05-01"));
        Assert.False(FieldValues.Same(at, "2026-05-01T15:30:00.000Z", "2026-05-02"));
        Assert.True(FieldValues.Same(seats, "12", "12.00"));
        Assert.True(FieldValues.Same(interests, "b;a", "a,b"));
        Assert.False(FieldValues.Same(interests, "a", "a,c"));

        var before = new Dictionary<string, string?> { ["next_step_at"] = "2026-05-01T15:30:00.000Z", ["seats"] = "12", ["interests"] = "a;b", ["competitor"] = "Babbage" };
        var after = new Dictionary<string, string?> { ["next_step_at"] = "2026-05-01", ["seats"] = "14", ["interests"] = "b,a", ["competitor"] = "" };
        var changes = FieldValues.Changes([at, seats, interests, competitor], before, after);
        Assert.Equal(new Dictionary<string, string> { ["seats"] = "14", ["competitor"] = "" }, changes);

        var moved = FieldValues.Changes([at], before, new Dictionary<string, string?> { ["next_step_at"] = "2026-05-03" });
        Assert.Equal("1777766400000", moved["next_step_at"]);
    }
}
