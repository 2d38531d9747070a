using System.Globalization;
using System.Net;
using HubSpotTeamsBot.HubSpot;

namespace HubSpotTeamsBot.Features.Engagements;

/// <summary>
/// An engagement form's values checked and mapped to HubSpot activity properties (docs/hubspot-api.md, "Activity
/// properties"). Times are typed in the person's own time zone (the form names it) and sent to HubSpot as instants,
/// which HubSpot shows in each viewer's own zone.
/// </summary>
public sealed record EngagementValues(IReadOnlyDictionary<string, string> Properties, IReadOnlyDictionary<string, string> Errors)
{
    public bool IsValid => Errors.Count == 0;

    /// <summary>The footer every note carries, so the timeline shows who wrote it through the shared token.</summary>
    public static string Footer(string actorName) => $"Logged from Teams by {actorName}";

    /// <param name="ownerId">hubspot_owner_id: the acting user's owner, or for tasks the chosen assignee; null leaves it unset.</param>
    /// <param name="zone">The person's time zone: meeting and due times are typed in it (UTC when unknown).</param>
    public static EngagementValues Parse(EngagementKind kind, IReadOnlyDictionary<string, string?> values, DateTimeOffset now, string actorName, string? ownerId,
        TimeZoneInfo? zone = null)
    {
        zone ??= TimeZoneInfo.Utc;
        var p = new Dictionary<string, string>(StringComparer.Ordinal);
        var errors = new Dictionary<string, string>(StringComparer.Ordinal);
        string Get(string id) => values.TryGetValue(id, out var v) ? (v ?? string.Empty).Trim() : string.Empty;
        void Optional(string id, string property)
        {
            if (Get(id) is { Length: > 0 } value) p[property] = value;
        }

        // Call, meeting and task notes are HTML in HubSpot like note bodies: what was typed stays text.
        void OptionalRichText(string id, string property)
        {
            if (Get(id) is not { Length: > 0 } value) return;
            var html = HubSpotRichText.Paragraph(value);
            if (html.Length > HubSpotLimits.MaxStringLength) errors[id] = HubSpotLimits.TooLong("these notes (with their formatting)", html.Length);
            else p[property] = html;
        }

        p["hs_timestamp"] = Ms(now);
        switch (kind)
        {
            case EngagementKind.Note:
                var body = Get(EngagementFields.Body);
                if (body.Length == 0)
                {
                    errors[EngagementFields.Body] = "Write the note.";
                    break;
                }
                // HubSpot's limit is on the body as stored (HTML and the footer included); over it, nothing is cut.
                var stored = HubSpotRichText.Paragraph(body) + $"<p><em>{WebUtility.HtmlEncode(Footer(actorName))}</em></p>";
                if (stored.Length > HubSpotLimits.MaxStringLength) errors[EngagementFields.Body] = HubSpotLimits.TooLong("a note (with its formatting and the “Logged from Teams” line)", stored.Length);
                else p["hs_note_body"] = stored;
                break;

            case EngagementKind.Call:
                Required(EngagementFields.Title, "hs_call_title", "Give the call a title.");
                Optional(EngagementFields.Direction, "hs_call_direction");
                Optional(EngagementFields.Status, "hs_call_status");
                OptionalRichText(EngagementFields.Notes, "hs_call_body");
                var minutes = Get(EngagementFields.DurationMinutes);
                if (minutes.Length > 0)
                {
                    if (decimal.TryParse(minutes, NumberStyles.Number, CultureInfo.InvariantCulture, out var m) && m >= 0 && m <= 24 * 60)
                        p["hs_call_duration"] = ((long)Math.Round(m * 60_000)).ToString(CultureInfo.InvariantCulture);
                    else errors[EngagementFields.DurationMinutes] = "Enter the duration in minutes (0 to 1440).";
                }
                break;

            case EngagementKind.Meeting:
                Required(EngagementFields.Title, "hs_meeting_title", "Give the meeting a title.");
                Optional(EngagementFields.Outcome, "hs_meeting_outcome");
                OptionalRichText(EngagementFields.Notes, "hs_meeting_body");
                var day = ParseDate(EngagementFields.Date, "Enter the meeting date (YYYY-MM-DD).", required: true);
                var start = ParseTime(EngagementFields.StartTime, "Enter the start time (HH:MM).");
                var end = ParseTime(EngagementFields.EndTime, "Enter the end time (HH:MM).");
                if (day is { } d && start is { } s && end is { } e)
                {
                    if (e <= s) errors[EngagementFields.EndTime] = "The meeting must end after it starts.";
                    else
                    {
                        p["hs_timestamp"] = p["hs_meeting_start_time"] = Ms(At(d, s, zone));
                        p["hs_meeting_end_time"] = Ms(At(d, e, zone));
                    }
                }
                break;

            case EngagementKind.Task:
                Required(EngagementFields.Subject, "hs_task_subject", "Give the task a subject.");
                Optional(EngagementFields.Priority, "hs_task_priority");
                Optional(EngagementFields.TaskType, "hs_task_type");
                OptionalRichText(EngagementFields.Notes, "hs_task_body");
                p["hs_task_status"] = "NOT_STARTED";
                if (ParseDate(EngagementFields.DueDate, "Enter the due date (YYYY-MM-DD).", required: true) is { } due)
                    p["hs_timestamp"] = Ms(At(due, new TimeOnly(9, 0), zone));
                break;

            default:
                throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown engagement kind.");
        }

        if (!string.IsNullOrEmpty(ownerId)) p["hubspot_owner_id"] = ownerId;
        return new EngagementValues(p, errors);

        void Required(string id, string property, string message)
        {
            var value = Get(id);
            if (value.Length == 0) errors[id] = message;
            else if (value.Length > HubSpotLimits.MaxStringLength) errors[id] = HubSpotLimits.TooLong("this field", value.Length);
            else p[property] = value;
        }

        DateOnly? ParseDate(string id, string message, bool required)
        {
            var text = Get(id);
            if (text.Length == 0 && !required) return null;
            if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)) return date;
            errors[id] = message;
            return null;
        }

        TimeOnly? ParseTime(string id, string message)
        {
            var text = Get(id);
            if (TimeOnly.TryParseExact(text, ["HH:mm", "H:mm", "HH:mm:ss"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var time)) return time;
            errors[id] = message;
            return null;
        }
    }

    /// <summary>The instant a wall-clock time in <paramref name="zone"/> names (a time skipped by a DST change is read
    /// with the offset before it).</summary>
    private static DateTimeOffset At(DateOnly day, TimeOnly time, TimeZoneInfo zone)
    {
        var local = day.ToDateTime(time, DateTimeKind.Unspecified);
        return new DateTimeOffset(local, zone.GetUtcOffset(zone.IsInvalidTime(local) ? local.AddHours(-1) : local));
    }

    private static string Ms(DateTimeOffset at) => at.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
}
