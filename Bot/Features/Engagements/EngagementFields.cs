namespace HubSpotTeamsBot.Features.Engagements;

/// <summary>Input ids of the engagement forms and the HubSpot properties behind them (to place 400 errors next to inputs).</summary>
public static class EngagementFields
{
    public const string Body = "body";
    public const string Title = "title";
    public const string Direction = "direction";
    public const string Status = "status";
    public const string DurationMinutes = "durationMinutes";
    public const string Notes = "notes";
    public const string Date = "date";
    public const string StartTime = "startTime";
    public const string EndTime = "endTime";
    public const string Outcome = "outcome";
    public const string Subject = "subject";
    public const string DueDate = "dueDate";
    public const string Priority = "priority";
    public const string TaskType = "taskType";
    public const string Assignee = "assigneeEmail";

    public static string ForProperty(EngagementKind kind, string property) => property switch
    {
        "hs_note_body" => Body,
        "hs_call_title" or "hs_meeting_title" => Title,
        "hs_call_direction" => Direction,
        "hs_call_status" => Status,
        "hs_call_duration" => DurationMinutes,
        "hs_call_body" or "hs_meeting_body" or "hs_task_body" => Notes,
        "hs_meeting_start_time" => StartTime,
        "hs_meeting_end_time" => EndTime,
        "hs_meeting_outcome" => Outcome,
        "hs_task_subject" => Subject,
        "hs_task_priority" => Priority,
        "hs_task_type" => TaskType,
        "hubspot_owner_id" when kind == EngagementKind.Task => Assignee,
        "hs_timestamp" when kind == EngagementKind.Task => DueDate,
        "hs_timestamp" when kind == EngagementKind.Meeting => Date,
        _ => kind switch
        {
            EngagementKind.Note => Body,
            EngagementKind.Task => Subject,
            _ => Title,
        },
    };
}
