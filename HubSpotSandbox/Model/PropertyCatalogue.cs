using System.Collections.Concurrent;

namespace HubSpotSandbox.Model;

/// <summary>
/// The property definitions of a portal. Owner and pipeline options depend on the portal, the rest is fixed.
/// Some options are hidden and some properties read-only on purpose, so clients can test their filtering.
/// </summary>
public static class PropertyCatalogue
{
    /// <param name="customProfile">Which of <see cref="CustomProperties"/> the portal's admins added.</param>
    public static ConcurrentDictionary<string, IReadOnlyList<PropertyDefinition>> Build(IReadOnlyList<Owner> owners, IReadOnlyList<Pipeline> pipelines,
        string customProfile = CustomProperties.None)
    {
        var catalogue = new ConcurrentDictionary<string, IReadOnlyList<PropertyDefinition>>(BuiltIn(owners, pipelines), StringComparer.OrdinalIgnoreCase);
        foreach (var (type, custom) in CustomProperties.For(customProfile))
        {
            catalogue[type] = [.. catalogue[type], .. custom];
        }

        return catalogue;
    }

    private static Dictionary<string, IReadOnlyList<PropertyDefinition>> BuiltIn(IReadOnlyList<Owner> owners, IReadOnlyList<Pipeline> pipelines)
    {
        var ownerOptions = owners.Where(o => !o.Archived)
            .Select((o, i) => new PropertyOption($"{o.FirstName} {o.LastName}", o.Id, i)).ToList();
        var ownerProperty = Enum("hubspot_owner_id", "Owner", "select", ownerOptions, group: "sales_properties") with { ExternalOptions = true, ReferencedObjectType = "OWNER" };
        var pipelineOptions = pipelines.Select(p => new PropertyOption(p.Label, p.Id, p.DisplayOrder)).ToList();
        var stageOptions = pipelines.SelectMany(p => p.Stages.Select(s => new PropertyOption(s.Label, s.Id, s.DisplayOrder, s.Archived, $"{p.Label}: {s.Label}"))).ToList();

        return new Dictionary<string, IReadOnlyList<PropertyDefinition>>(StringComparer.OrdinalIgnoreCase)
        {
            ["contacts"] =
            [
                Text("email", "Email") with { HasUniqueValue = true, FormField = true },
                Text("firstname", "First Name") with { FormField = true },
                Text("lastname", "Last Name") with { FormField = true },
                Text("phone", "Phone Number"),
                Text("mobilephone", "Mobile Phone Number"),
                Text("company", "Company Name"),
                Text("jobtitle", "Job Title"),
                Text("website", "Website URL"),
                Text("city", "City"),
                Text("country", "Country/Region"),
                Enum("lifecyclestage", "Lifecycle Stage", "radio",
                [
                    new("Subscriber", "subscriber", 0), new("Lead", "lead", 1),
                    new("Marketing Qualified Lead", "marketingqualifiedlead", 2), new("Sales Qualified Lead", "salesqualifiedlead", 3),
                    new("Opportunity", "opportunity", 4), new("Customer", "customer", 5),
                    new("Evangelist", "evangelist", 6), new("Other", "other", 7, Hidden: true),
                ]),
                Enum("hs_lead_status", "Lead Status", "radio",
                [
                    new("New", "NEW", 0), new("Open", "OPEN", 1), new("In Progress", "IN_PROGRESS", 2),
                    new("Open Deal", "OPEN_DEAL", 3), new("Unqualified", "UNQUALIFIED", 4),
                    new("Attempted to Contact", "ATTEMPTED_TO_CONTACT", 5), new("Connected", "CONNECTED", 6),
                    new("Bad Timing", "BAD_TIMING", 7, Hidden: true),
                ]),
                ownerProperty,
                ReadOnly(Enum("hs_analytics_source", "Original Source", "select",
                    [new("Offline Sources", "OFFLINE", 0), new("Direct Traffic", "DIRECT_TRAFFIC", 1), new("Organic Search", "ORGANIC_SEARCH", 2)])),
                ReadOnly(Number("num_associated_deals", "Number of Associated Deals")) with { Calculated = true },
                ReadOnly(DateTime("notes_last_updated", "Last Activity Date")),
                .. SystemProperties(includeContactDates: true),
            ],
            ["companies"] =
            [
                Text("name", "Company name"), Text("domain", "Company Domain Name"), Text("website", "Website URL"),
                Text("phone", "Phone Number"), Text("city", "City"), Text("industry", "Industry"),
                ownerProperty,
                .. SystemProperties(includeContactDates: false),
            ],
            ["deals"] =
            [
                Text("dealname", "Deal Name") with { RequiredOnCreate = true },
                Number("amount", "Amount"),
                DateTime("closedate", "Close Date"),
                Enum("pipeline", "Pipeline", "select", pipelineOptions),
                Enum("dealstage", "Deal Stage", "radio", stageOptions) with { RequiredOnCreate = true },
                Enum("dealtype", "Deal Type", "radio",
                    [new("New Business", "newbusiness", 0), new("Existing Business", "existingbusiness", 1), new("Legacy Renewal", "legacyrenewal", 2, Hidden: true)]),
                Enum("hs_priority", "Priority", "select", [new("Low", "low", 0), new("Medium", "medium", 1), new("High", "high", 2)]),
                Text("description", "Deal Description", "textarea"),
                ownerProperty,
                ReadOnly(Enum("hs_is_closed", "Is Deal Closed?", "booleancheckbox", Booleans()) with { Type = "bool", Calculated = true }),
                ReadOnly(Number("hs_deal_stage_probability", "Deal probability")) with { Calculated = true },
                .. SystemProperties(includeContactDates: false),
            ],
            ["notes"] = Activity(ownerProperty,
            [
                Text("hs_note_body", "Note body", "textarea"),
                Text("hs_attachment_ids", "Attachment IDs"),
            ]),
            ["tasks"] = Activity(ownerProperty,
            [
                Text("hs_task_subject", "Task Title"),
                Text("hs_task_body", "Task notes", "textarea"),
                Enum("hs_task_status", "Task Status", "select",
                [
                    new("Not started", "NOT_STARTED", 0), new("In progress", "IN_PROGRESS", 1), new("Waiting", "WAITING", 2),
                    new("Completed", "COMPLETED", 3), new("Deferred", "DEFERRED", 4, Hidden: true),
                ]),
                Enum("hs_task_priority", "Priority", "select", [new("None", "NONE", 0), new("Low", "LOW", 1), new("Medium", "MEDIUM", 2), new("High", "HIGH", 3)]),
                Enum("hs_task_type", "Task Type", "select", [new("Email", "EMAIL", 0), new("Call", "CALL", 1), new("To-do", "TODO", 2)]),
                Text("hs_task_reminders", "Reminder"),
            ]),
            ["calls"] = Activity(ownerProperty,
            [
                Text("hs_call_title", "Call Title"),
                Text("hs_call_body", "Call notes", "textarea"),
                Enum("hs_call_direction", "Call direction", "select", [new("Inbound", "INBOUND", 0), new("Outbound", "OUTBOUND", 1)]),
                Number("hs_call_duration", "Call duration"),
                Enum("hs_call_status", "Call status", "select",
                [
                    new("Busy", "BUSY", 0), new("Calling CRM user", "CALLING_CRM_USER", 1, Hidden: true), new("Canceled", "CANCELED", 2),
                    new("Completed", "COMPLETED", 3), new("Connecting", "CONNECTING", 4), new("Failed", "FAILED", 5),
                    new("In progress", "IN_PROGRESS", 6), new("No answer", "NO_ANSWER", 7), new("Queued", "QUEUED", 8), new("Ringing", "RINGING", 9),
                ]),
                Text("hs_call_disposition", "Call outcome"),
            ]),
            ["meetings"] = Activity(ownerProperty,
            [
                Text("hs_meeting_title", "Meeting name"),
                Text("hs_meeting_body", "Meeting description", "textarea"),
                DateTime("hs_meeting_start_time", "Start time"),
                DateTime("hs_meeting_end_time", "End time"),
                Enum("hs_meeting_outcome", "Meeting outcome", "select",
                [
                    new("Scheduled", "SCHEDULED", 0), new("Completed", "COMPLETED", 1), new("Rescheduled", "RESCHEDULED", 2),
                    new("No show", "NO_SHOW", 3), new("Canceled", "CANCELED", 4),
                ]),
                Text("hs_internal_meeting_notes", "Internal meeting notes", "textarea"),
                Text("hs_meeting_location", "Location"),
            ]),
            ["emails"] = Activity(ownerProperty,
            [
                Enum("hs_email_direction", "Email direction", "select",
                    [new("Sent by owner", "EMAIL", 0), new("Reply from contact", "INCOMING_EMAIL", 1), new("Forwarded", "FORWARDED_EMAIL", 2)]),
                Text("hs_email_subject", "Email subject"),
                Text("hs_email_text", "Email body", "textarea"),
                Text("hs_email_html", "Email HTML body", "textarea"),
                Enum("hs_email_status", "Email send status", "select", [new("Sent", "SENT", 0), new("Bounced", "BOUNCED", 1), new("Failed", "FAILED", 2)]),
            ]),
        };
    }

    private static IReadOnlyList<PropertyDefinition> Activity(PropertyDefinition owner, IReadOnlyList<PropertyDefinition> own) =>
        [DateTime("hs_timestamp", "Activity date") with { RequiredOnCreate = true }, .. own, owner, .. SystemProperties(includeContactDates: false, activity: true)];

    private static IEnumerable<PropertyDefinition> SystemProperties(bool includeContactDates, bool activity = false)
    {
        yield return ReadOnly(Number("hs_object_id", "Record ID"));
        yield return ReadOnly(DateTime(activity ? "hs_createdate" : "createdate", "Create Date"));
        yield return ReadOnly(DateTime("hs_lastmodifieddate", "Last Modified Date"));
        if (includeContactDates)
        {
            yield return ReadOnly(DateTime("lastmodifieddate", "Last Modified Date"));
        }
    }

    private static PropertyOption[] Booleans() => [new("Yes", "true", 0), new("No", "false", 1)];

    private static PropertyDefinition Text(string name, string label, string fieldType = "text") =>
        Make(name, label, "string", fieldType);

    private static PropertyDefinition Number(string name, string label) => Make(name, label, "number", "number");

    private static PropertyDefinition DateTime(string name, string label) => Make(name, label, "datetime", "date");

    private static PropertyDefinition Enum(string name, string label, string fieldType, IReadOnlyList<PropertyOption> options, string group = "") =>
        Make(name, label, "enumeration", fieldType, group) with { Options = options };

    private static PropertyDefinition ReadOnly(PropertyDefinition property) =>
        property with { ModificationMetadata = new PropertyModificationMetadata(false, true, true, property.Type == "enumeration" ? true : null) };

    private static PropertyDefinition Make(string name, string label, string type, string fieldType, string group = "") =>
        new()
        {
            Name = name,
            Label = label,
            Type = type,
            FieldType = fieldType,
            GroupName = group.Length > 0 ? group : "information",
            ModificationMetadata = new PropertyModificationMetadata(true, true, false, type == "enumeration" ? false : null),
        };
}
