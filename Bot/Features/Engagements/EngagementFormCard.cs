using System.Text.Json.Nodes;
using HubSpotTeamsBot.Cards;
using HubSpotTeamsBot.Forms;
using HubSpotTeamsBot.HubSpot;

namespace HubSpotTeamsBot.Features.Engagements;

/// <summary>The note / call / meeting / task form, and the "what do you want to log?" chooser before it.</summary>
public static class EngagementFormCard
{
    public const string ChooseStep = "choose";

    public static JsonObject Chooser(FormHost host, CrmRecordRef record, string label) =>
        Card.Adaptive(Card.Heading($"Log activity on {CardText.Literal(label)}"), Card.Text("What do you want to log?"))
            .WithActions([.. Enum.GetValues<EngagementKind>().Select(kind =>
            {
                var data = EngagementFormState.Target(record, label, kind);
                data[FormKeys.Step] = ChooseStep;
                return FormRoutes.Button(host, kind.ToString(), EngagementVerbs.Log, data);
            })]);

    /// <param name="zone">The person's time zone, named next to the time fields (UTC when unknown).</param>
    public static JsonObject Build(FormHost host, EngagementFormState state, EngagementChoices choices, FormProblems problems, TimeZoneInfo? zone = null)
    {
        var zoneName = Common.ReaderTimeZone.Name(zone ?? TimeZoneInfo.Utc);
        var body = new List<JsonNode?>
        {
            Card.Heading($"Log {state.Kind.Word()} on {CardText.Literal(state.RecordLabel)}"),
            problems.Banner is { } banner ? Inputs.Banner(banner) : null,
        };
        void Add(JsonObject input) => body.AddRange(Inputs.WithError(input, problems.For(input["id"]!.GetValue<string>())));
        string V(string id) => state.Value(id);

        switch (state.Kind)
        {
            case EngagementKind.Note:
                // No maxLength: a client would cut a pasted note without a word. The server says when it is too long.
                Add(Inputs.Text(EngagementFields.Body, "Note", V(EngagementFields.Body), required: true, multiline: true));
                body.Add(Card.Text($"Up to {HubSpotLimits.Said(HubSpotLimits.MaxStringLength)} characters (HubSpot's limit). The note will end with “Logged from Teams by” and your name.", subtle: true));
                break;
            case EngagementKind.Call:
                Add(Inputs.Text(EngagementFields.Title, "Title", V(EngagementFields.Title), required: true));
                Add(Inputs.Choice(EngagementFields.Direction, "Direction", choices.For("hs_call_direction"), V(EngagementFields.Direction)));
                Add(Inputs.Choice(EngagementFields.Status, "Status", choices.For("hs_call_status"), V(EngagementFields.Status)));
                Add(Inputs.Number(EngagementFields.DurationMinutes, "Duration (minutes, 0 to 1440)", V(EngagementFields.DurationMinutes)));
                Add(Inputs.Text(EngagementFields.Notes, "Notes", V(EngagementFields.Notes), multiline: true));
                break;
            case EngagementKind.Meeting:
                Add(Inputs.Text(EngagementFields.Title, "Title", V(EngagementFields.Title), required: true));
                Add(Inputs.Date(EngagementFields.Date, "Date", V(EngagementFields.Date), required: true));
                Add(Inputs.Time(EngagementFields.StartTime, $"Start ({zoneName})", V(EngagementFields.StartTime), required: true));
                Add(Inputs.Time(EngagementFields.EndTime, $"End ({zoneName})", V(EngagementFields.EndTime), required: true));
                Add(Inputs.Choice(EngagementFields.Outcome, "Outcome", choices.For("hs_meeting_outcome"), V(EngagementFields.Outcome)));
                Add(Inputs.Text(EngagementFields.Notes, "Notes", V(EngagementFields.Notes), multiline: true));
                break;
            case EngagementKind.Task:
                Add(Inputs.Text(EngagementFields.Subject, "Subject", V(EngagementFields.Subject), required: true));
                Add(Inputs.Date(EngagementFields.DueDate, $"Due date (09:00, {zoneName})", V(EngagementFields.DueDate), required: true));
                Add(Inputs.Choice(EngagementFields.Priority, "Priority", choices.For("hs_task_priority"), V(EngagementFields.Priority)));
                Add(Inputs.Choice(EngagementFields.TaskType, "Type", choices.For("hs_task_type"), V(EngagementFields.TaskType)));
                // The portal's owners to pick from; an email box only when HubSpot could not list them.
                Add(choices.Owners is { Listed: true } owners
                    ? Records.OwnerPicker.Input(EngagementFields.Assignee, "Assignee", owners.Choices, V(EngagementFields.Assignee), placeholder: "(unassigned)")
                    : Inputs.Email(EngagementFields.Assignee, "Assignee (HubSpot user's email)", V(EngagementFields.Assignee)));
                Add(Inputs.Text(EngagementFields.Notes, "Notes", V(EngagementFields.Notes), multiline: true));
                break;
        }
        return Card.Adaptive([.. body]).WithActions(FormRoutes.Button(host, $"Log {state.Kind.Word()}", EngagementVerbs.Log, state.ButtonData()));
    }
}
