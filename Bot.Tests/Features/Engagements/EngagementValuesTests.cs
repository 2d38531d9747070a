using System.Globalization;
using HubSpotTeamsBot.Features.Engagements;

namespace Bot.Tests.Features.Engagements;

public sealed class EngagementValuesTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 29, 21, 0, 0, TimeSpan.Zero);

    private static string Ms(DateTimeOffset at) => at.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);

    [Fact]
    public void A_note_is_html_encoded_keeps_line_breaks_and_carries_the_teams_footer_and_owner()
    {
        var values = EngagementValues.Parse(EngagementKind.Note, new Dictionary<string, string?> { ["body"] = "Price <ok>\nSend quote" }, Now, "Alex Wilber", "75");

        Assert.True(values.IsValid);
        Assert.Equal("<p>Price &lt;ok&gt;<br>Send quote</p><p><em>Logged from Teams by Alex Wilber</em></p>", values.Properties["hs_note_body"]);
        Assert.Equal(Ms(Now), values.Properties["hs_timestamp"]);
        Assert.Equal("75", values.Properties["hubspot_owner_id"]);
    }

    [Fact]
    public void A_call_maps_title_direction_status_notes_and_minutes_to_milliseconds()
    {
        var values = EngagementValues.Parse(EngagementKind.Call, new Dictionary<string, string?>
        {
            ["title"] = "Pricing call", ["direction"] = "OUTBOUND", ["status"] = "COMPLETED", ["durationMinutes"] = "15", ["notes"] = "Went well",
        }, Now, "Alex", null);

        Assert.Equal("Pricing call", values.Properties["hs_call_title"]);
        Assert.Equal("OUTBOUND", values.Properties["hs_call_direction"]);
        Assert.Equal("COMPLETED", values.Properties["hs_call_status"]);
        Assert.Equal("900000", values.Properties["hs_call_duration"]);
        Assert.Equal("<p>Went well</p>", values.Properties["hs_call_body"]);
        Assert.DoesNotContain("hubspot_owner_id", values.Properties.Keys);
    }

    [Fact]
    public void A_meeting_uses_its_start_as_timeline_time_and_must_end_after_it_starts()
    {
        var ok = EngagementValues.Parse(EngagementKind.Meeting, new Dictionary<string, string?>
        {
            ["title"] = "Demo", ["date"] = "2026-12-03", ["startTime"] = "14:00", ["endTime"] = "15:30", ["outcome"] = "SCHEDULED",
        }, Now, "Alex", null);
        var backwards = EngagementValues.Parse(EngagementKind.Meeting, new Dictionary<string, string?>
        {
            ["title"] = "Demo", ["date"] = "2026-12-03", ["startTime"] = "15:00", ["endTime"] = "14:00",
        }, Now, "Alex", null);

        var start = new DateTimeOffset(2026, 12, 3, 14, 0, 0, TimeSpan.Zero);
        Assert.Equal(Ms(start), ok.Properties["hs_meeting_start_time"]);
        Assert.Equal(Ms(start), ok.Properties["hs_timestamp"]);
        Assert.Equal(Ms(start.AddMinutes(90)), ok.Properties["hs_meeting_end_time"]);
        Assert.Equal("SCHEDULED", ok.Properties["hs_meeting_outcome"]);
        Assert.Equal([EngagementFields.EndTime], backwards.Errors.Keys);
    }

    [Fact]
    public void A_task_is_due_on_its_date_not_started_and_assigned()
    {
        var values = EngagementValues.Parse(EngagementKind.Task, new Dictionary<string, string?>
        {
            ["subject"] = "Send contract", ["dueDate"] = "2026-12-05", ["priority"] = "HIGH", ["taskType"] = "TODO",
        }, Now, "Alex", "80");

        Assert.Equal("Send contract", values.Properties["hs_task_subject"]);
        Assert.Equal(Ms(new DateTimeOffset(2026, 12, 5, 9, 0, 0, TimeSpan.Zero)), values.Properties["hs_timestamp"]);
        Assert.Equal("NOT_STARTED", values.Properties["hs_task_status"]);
        Assert.Equal("HIGH", values.Properties["hs_task_priority"]);
        Assert.Equal("80", values.Properties["hubspot_owner_id"]);
    }

    [Fact]
    public void Missing_required_values_are_field_errors()
    {
        Assert.Equal([EngagementFields.Body], EngagementValues.Parse(EngagementKind.Note, new Dictionary<string, string?>(), Now, "A", null).Errors.Keys);
        Assert.Equal([EngagementFields.DueDate, EngagementFields.Subject],
            EngagementValues.Parse(EngagementKind.Task, new Dictionary<string, string?> { ["dueDate"] = "tomorrow" }, Now, "A", null).Errors.Keys.Order());
        Assert.Equal([EngagementFields.DurationMinutes, EngagementFields.Title],
            EngagementValues.Parse(EngagementKind.Call, new Dictionary<string, string?> { ["durationMinutes"] = "-3" }, Now, "A", null).Errors.Keys.Order());
    }

    [Theory]
    [InlineData(EngagementKind.Task, "hs_timestamp", EngagementFields.DueDate)]
    [InlineData(EngagementKind.Task, "hubspot_owner_id", EngagementFields.Assignee)]
    [InlineData(EngagementKind.Call, "hs_call_status", EngagementFields.Status)]
    [InlineData(EngagementKind.Note, "hs_timestamp", EngagementFields.Body)]
    public void HubSpot_property_errors_land_on_the_right_input(EngagementKind kind, string property, string input) =>
        Assert.Equal(input, EngagementFields.ForProperty(kind, property));

    [Theory]
    [InlineData("NOTE", EngagementKind.Note)]
    [InlineData("meeting", EngagementKind.Meeting)]
    public void Kinds_parse_from_what_users_type(string word, EngagementKind expected)
    {
        Assert.True(EngagementKinds.TryParse(word, out var kind));
        Assert.Equal(expected, kind);
        Assert.False(EngagementKinds.TryParse("email", out _));
        Assert.False(EngagementKinds.TryParse("7", out _));
    }

    [Fact]
    public void A_note_over_HubSpots_65536_characters_is_refused_with_the_limit_and_not_cut()
    {
        var values = EngagementValues.Parse(EngagementKind.Note, new Dictionary<string, string?> { ["body"] = new string('x', 70_000) }, Now, "Alex", null);

        Assert.False(values.IsValid);
        Assert.DoesNotContain("hs_note_body", values.Properties.Keys);
        Assert.Contains("65,536", values.Errors["body"], StringComparison.Ordinal);
        Assert.Contains("nothing was cut", values.Errors["body"], StringComparison.Ordinal);
    }

    [Fact]
    public void A_note_just_under_the_limit_as_stored_is_kept_whole()
    {
        var text = new string('x', 65_000);

        var values = EngagementValues.Parse(EngagementKind.Note, new Dictionary<string, string?> { ["body"] = text }, Now, "Alex", null);

        Assert.True(values.IsValid);
        Assert.Contains(text, values.Properties["hs_note_body"], StringComparison.Ordinal);
    }

    [Fact]
    public void The_note_form_states_the_limit_and_has_no_client_cut_off()
    {
        var state = new EngagementFormState("s1", EngagementKind.Note, new HubSpotTeamsBot.HubSpot.CrmRecordRef(HubSpotTeamsBot.HubSpot.CrmObjectType.Contacts, "1"), "Ada",
            new Dictionary<string, string?> { ["body"] = new string('y', 70_000) });
        var problems = HubSpotTeamsBot.Forms.FormProblems.Fields(new Dictionary<string, string> { ["body"] = "too long" });

        var card = EngagementFormCard.Build(HubSpotTeamsBot.Forms.FormHost.Dialog, state, new EngagementChoices(new Dictionary<string, IReadOnlyList<(string Title, string Value)>>()), problems);

        var input = Deals.FormCards.Input(card, "body");
        Assert.Null(input["maxLength"]);
        Assert.Equal(70_000, input["value"]!.GetValue<string>().Length);
        Assert.Contains("65,536", card.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Meeting_and_due_times_are_read_in_the_persons_time_zone_and_the_form_names_it()
    {
        var berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");

        var meeting = EngagementValues.Parse(EngagementKind.Meeting, new Dictionary<string, string?>
        {
            ["title"] = "Demo", ["date"] = "2026-07-01", ["startTime"] = "10:00", ["endTime"] = "11:00",
        }, Now, "Alex", null, berlin);
        var task = EngagementValues.Parse(EngagementKind.Task, new Dictionary<string, string?> { ["subject"] = "Call back", ["dueDate"] = "2026-12-01" }, Now, "Alex", null, berlin);
        var state = new EngagementFormState("s1", EngagementKind.Meeting, new HubSpotTeamsBot.HubSpot.CrmRecordRef(HubSpotTeamsBot.HubSpot.CrmObjectType.Contacts, "1"), "Ada",
            new Dictionary<string, string?>());
        var card = EngagementFormCard.Build(HubSpotTeamsBot.Forms.FormHost.Dialog, state,
            new EngagementChoices(new Dictionary<string, IReadOnlyList<(string Title, string Value)>>()), HubSpotTeamsBot.Forms.FormProblems.None, berlin);

        // 10:00 in Berlin in July is 08:00 UTC (CEST, +2); 09:00 on 1 December is 08:00 UTC (CET, +1).
        Assert.Equal(Ms(new DateTimeOffset(2026, 7, 1, 8, 0, 0, TimeSpan.Zero)), meeting.Properties["hs_meeting_start_time"]);
        Assert.Equal(Ms(new DateTimeOffset(2026, 12, 1, 8, 0, 0, TimeSpan.Zero)), task.Properties["hs_timestamp"]);
        Assert.Equal("Start (Europe/Berlin)", Deals.FormCards.Input(card, "startTime")["label"]!.GetValue<string>());
    }
}
