using System.Text.Json.Nodes;
using Bot.Tests.Features.Deals;
using Bot.Tests.Harness;
using HubSpotTeamsBot.Features.Common;
using HubSpotTeamsBot.Features.Engagements;
using HubSpotTeamsBot.Forms;
using HubSpotTeamsBot.HubSpot;

namespace Bot.Tests.Features.Engagements;

/// <summary>log note|call|meeting|task and Log activity on record cards, on both hosts, against the sandbox with Azurite.</summary>
public sealed class LogActivityTests(CrmBotFixture bot) : IClassFixture<CrmBotFixture>
{
    private static string Unique(string prefix) => $"{prefix} {Guid.NewGuid():N}"[..(prefix.Length + 13)];

    private static async Task<string> NewestIdAsync(CrmFlow flow, string type, string property, string containing)
    {
        var stored = (await flow.AllAsync(type)).Where(o => o.GetProperty("properties").TryGetProperty(property, out var p) && (p.GetString() ?? "").Contains(containing, StringComparison.Ordinal)).ToList();
        return Assert.Single(stored).GetProperty("id").GetString()!;
    }

    [Fact]
    public async Task Log_note_on_a_contact_inline_creates_one_associated_note_owned_by_the_acting_user_with_the_footer()
    {
        var flow = await CrmFlow.StartAsync(bot, bot.Admin);
        var form = (await flow.SayAsync("log note ada@example.com")).Card!;
        Assert.Contains("Log note on Ada Lovelace", FormCards.Elements(form["body"]).Select(e => e["text"]?.GetValue<string>()));
        var text = Unique("Discussed pricing");

        var click = FormCards.Click(form, "Log note", (EngagementFields.Body, text));
        var first = FormCards.ExecuteCard(await flow.ExecuteAsync(click));
        var again = FormCards.ExecuteCard(await flow.ExecuteAsync(click));

        var id = await NewestIdAsync(flow, "notes", "hs_note_body", text);
        var note = await flow.Crm.GetAsync(CrmFlow.TenantId, CrmObjectType.Notes, id, ["hs_note_body", "hubspot_owner_id"]);
        var megan = await flow.Crm.GetOwnerByEmailAsync(CrmFlow.TenantId, "meganb@contoso.com");
        var ada = await flow.Crm.GetContactByEmailAsync(CrmFlow.TenantId, "ada@example.com");
        Assert.Contains("Logged from Teams by Megan Bowen", note["hs_note_body"], StringComparison.Ordinal);
        Assert.Equal(megan!.Id, note["hubspot_owner_id"]);
        Assert.Equal([ada!.Id], await flow.AssociatedAsync(CrmObjectType.Notes, id, CrmObjectType.Contacts));
        Assert.Equal(first.ToJsonString(), again.ToJsonString());
        var audit = Assert.Single(await flow.AuditAsync("note.create"), e => e.ObjectId == id);
        Assert.Equal(AuditOutcomes.Succeeded, audit.Outcome);
    }

    [Fact]
    public async Task Log_activity_on_a_deal_card_opens_a_dialog_chooser_then_logs_one_associated_call_on_double_submit()
    {
        var flow = await CrmFlow.StartAsync(bot, bot.Editor);
        var deal = await flow.Crm.CreateAsync(CrmFlow.TenantId, CrmObjectType.Deals, new Dictionary<string, string> { ["dealname"] = Unique("Call deal"), ["dealstage"] = "appointmentscheduled" });

        var chooser = FormCards.DialogCard(await flow.FetchAsync(EngagementVerbs.Log, new JsonObject { [FormKeys.RecordId] = deal.Id, [FormKeys.RecordType] = "deals" }));
        var form = FormCards.DialogCard(await flow.SubmitAsync(FormCards.Click(chooser, "Call")));
        Assert.Contains("Outbound", FormCards.ChoiceTitles(form, EngagementFields.Direction));
        var title = Unique("Pricing call");
        var submit = FormCards.Click(form, "Log call", (EngagementFields.Title, title), (EngagementFields.Direction, "OUTBOUND"),
            (EngagementFields.Status, "COMPLETED"), (EngagementFields.DurationMinutes, "15"), (EngagementFields.Notes, "Went well"));
        var first = await flow.SubmitAsync(submit);
        var second = await flow.SubmitAsync(submit);

        Assert.Contains("Call logged", FormCards.DialogMessage(first), StringComparison.Ordinal);
        Assert.NotNull(FormCards.DialogMessage(second));
        var id = await NewestIdAsync(flow, "calls", "hs_call_title", title);
        var call = await flow.Crm.GetAsync(CrmFlow.TenantId, CrmObjectType.Calls, id, ["hs_call_duration", "hs_call_direction", "hubspot_owner_id"]);
        var alex = await flow.Crm.GetOwnerByEmailAsync(CrmFlow.TenantId, "alexw@contoso.com");
        Assert.Equal("900000", call["hs_call_duration"]);
        Assert.Equal(alex!.Id, call["hubspot_owner_id"]);
        Assert.Equal([deal.Id], await flow.AssociatedAsync(CrmObjectType.Calls, id, CrmObjectType.Deals));
        await flow.PostedCardAsync("Call logged on");
    }

    [Fact]
    public async Task Log_meeting_and_task_inline_with_field_errors_kept_then_created_on_the_contact()
    {
        var flow = await CrmFlow.StartAsync(bot, bot.Editor);
        var ada = await flow.Crm.GetContactByEmailAsync(CrmFlow.TenantId, "ada@example.com");

        var meetingForm = (await flow.SayAsync($"log meeting {ada!.Id}")).Card!;
        var title = Unique("Demo");
        var backwards = FormCards.ExecuteCard(await flow.ExecuteAsync(FormCards.Click(meetingForm, "Log meeting", (EngagementFields.Title, title),
            (EngagementFields.Date, "2026-12-03"), (EngagementFields.StartTime, "15:00"), (EngagementFields.EndTime, "14:00"))));
        Assert.Equal("The meeting must end after it starts.", FormCards.ErrorUnder(backwards, EngagementFields.EndTime));
        Assert.Equal(title, FormCards.InputValue(backwards, EngagementFields.Title));
        await flow.ExecuteAsync(FormCards.Click(backwards, "Log meeting", (EngagementFields.EndTime, "16:00"), (EngagementFields.Outcome, "SCHEDULED")));
        var meetingId = await NewestIdAsync(flow, "meetings", "hs_meeting_title", title);
        Assert.Equal([ada.Id], await flow.AssociatedAsync(CrmObjectType.Meetings, meetingId, CrmObjectType.Contacts));

        var taskForm = (await flow.SayAsync("log task ada@example.com")).Card!;
        Assert.Equal((await flow.Crm.GetOwnerByEmailAsync(CrmFlow.TenantId, "alexw@contoso.com"))!.Id, FormCards.InputValue(taskForm, EngagementFields.Assignee));
        var subject = Unique("Send contract");
        await flow.ExecuteAsync(FormCards.Click(taskForm, "Log task", (EngagementFields.Subject, subject), (EngagementFields.DueDate, "2026-12-05"),
            (EngagementFields.Priority, "HIGH"), (EngagementFields.TaskType, "TODO"), (EngagementFields.Assignee, "meganb@contoso.com")));
        var taskId = await NewestIdAsync(flow, "tasks", "hs_task_subject", subject);
        var task = await flow.Crm.GetAsync(CrmFlow.TenantId, CrmObjectType.Tasks, taskId, ["hubspot_owner_id", "hs_task_priority", "hs_task_status"]);
        Assert.Equal((await flow.Crm.GetOwnerByEmailAsync(CrmFlow.TenantId, "meganb@contoso.com"))!.Id, task["hubspot_owner_id"]);
        Assert.Equal("HIGH", task["hs_task_priority"]);
        Assert.Equal([ada.Id], await flow.AssociatedAsync(CrmObjectType.Tasks, taskId, CrmObjectType.Contacts));
    }

    [Fact]
    public async Task A_viewer_is_refused_and_no_note_is_logged()
    {
        var editor = await CrmFlow.StartAsync(bot, bot.Editor);
        var form = (await editor.SayAsync("log note ada@example.com")).Card!;
        var viewer = new CrmFlow(bot, bot.Viewer);
        var text = Unique("Viewer note");

        var inline = FormCards.ExecuteMessage(await viewer.ExecuteAsync(FormCards.Click(form, "Log note", (EngagementFields.Body, text))));
        var dialog = FormCards.DialogMessage(await viewer.SubmitAsync(FormCards.Click(form, "Log note", (EngagementFields.Body, text))));
        var command = await viewer.SayAsync("log note ada@example.com");

        Assert.Contains("You need the Editor role", inline, StringComparison.Ordinal);
        Assert.Contains("You need the Editor role", dialog, StringComparison.Ordinal);
        Assert.Contains("You need the Editor role", command.VisibleText, StringComparison.Ordinal);
        Assert.DoesNotContain(await editor.AllAsync("notes"),
            n => (n.GetProperty("properties").GetProperty("hs_note_body").GetString() ?? "").Contains(text, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Log_with_an_unknown_record_says_so_and_an_ambiguous_one_offers_a_pick_list()
    {
        var flow = await CrmFlow.StartAsync(bot, bot.Editor);
        var stem = $"Pick{Guid.NewGuid():N}"[..12];
        await flow.Crm.CreateAsync(CrmFlow.TenantId, CrmObjectType.Deals, new Dictionary<string, string> { ["dealname"] = stem + " one", ["dealstage"] = "appointmentscheduled" });
        await flow.Crm.CreateAsync(CrmFlow.TenantId, CrmObjectType.Deals, new Dictionary<string, string> { ["dealname"] = stem + " two", ["dealstage"] = "appointmentscheduled" });

        var none = await flow.SayAsync($"log task nobody{Guid.NewGuid():N}@example.com");
        var pick = (await flow.SayAsync($"log note {stem}")).Card!;
        var form = FormCards.ExecuteCard(await flow.ExecuteAsync(FormCards.Click(pick, $"{stem} two (Deal)")));

        Assert.Contains("No contact or deal in HubSpot matches", none.VisibleText, StringComparison.Ordinal);
        Assert.Contains($"Log note on {stem} two", FormCards.Elements(form["body"]).Select(e => e["text"]?.GetValue<string>()));
    }
}
