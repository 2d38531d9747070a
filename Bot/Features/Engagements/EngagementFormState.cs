using System.Text.Json.Nodes;
using HubSpotTeamsBot.Forms;
using HubSpotTeamsBot.HubSpot;

namespace HubSpotTeamsBot.Features.Engagements;

/// <summary>What a rendered engagement form carries: the kind, the record it is logged on, the submission id and the values.</summary>
public sealed record EngagementFormState(string SubmissionId, EngagementKind Kind, CrmRecordRef Record, string RecordLabel, IReadOnlyDictionary<string, string?> Values)
{
    public const string KindKey = "kind";
    public const string RecordLabelKey = "recordLabel";

    public static readonly string[] InputIds =
    [
        EngagementFields.Body, EngagementFields.Title, EngagementFields.Direction, EngagementFields.Status, EngagementFields.DurationMinutes,
        EngagementFields.Notes, EngagementFields.Date, EngagementFields.StartTime, EngagementFields.EndTime, EngagementFields.Outcome,
        EngagementFields.Subject, EngagementFields.DueDate, EngagementFields.Priority, EngagementFields.TaskType, EngagementFields.Assignee,
    ];

    /// <summary>The record a card or command pointed at: contacts or deals only.</summary>
    public static CrmRecordRef? RecordOf(FormSubmission submission) =>
        submission.Value(FormKeys.RecordId) is { } id && submission.Value(FormKeys.RecordType) switch
        {
            "contacts" => CrmObjectType.Contacts,
            "deals" => CrmObjectType.Deals,
            _ => (CrmObjectType?)null,
        } is { } type
            ? new CrmRecordRef(type, id)
            : null;

    public static EngagementFormState? From(FormSubmission submission) =>
        RecordOf(submission) is { } record && EngagementKinds.TryParse(submission.Value(KindKey), out var kind)
            ? new EngagementFormState(submission.SubmissionId ?? FormKeys.NewSubmissionId(), kind, record,
                submission.Value(RecordLabelKey) ?? record.Id, submission.Values(InputIds))
            : null;

    public static JsonObject Target(CrmRecordRef record, string label, EngagementKind? kind = null)
    {
        var data = new JsonObject
        {
            [FormKeys.RecordType] = record.Type.PathSegment(),
            [FormKeys.RecordId] = record.Id,
            // Only shown in headings: capped so four buttons carrying it keep the card small.
            [RecordLabelKey] = Cards.CardText.Capped(label, Cards.CardText.DefaultMaxLength),
        };
        if (kind is { } k) data[KindKey] = k.Word();
        return data;
    }

    public JsonObject ButtonData()
    {
        var data = Target(Record, RecordLabel, Kind);
        data[FormKeys.SubmissionId] = SubmissionId;
        return data;
    }

    public string Value(string id) => Values.TryGetValue(id, out var v) ? v ?? string.Empty : string.Empty;
}
