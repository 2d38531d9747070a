namespace HubSpotSandbox.Model;

/// <summary>A CRM object type the sandbox serves, with the scopes HubSpot's security blocks require (docs/hubspot-api.md, "Scopes").</summary>
public sealed record CrmObjectType(
    string Name,
    string Singular,
    string TypeId,
    string ReadScope,
    string WriteScope,
    IReadOnlyList<string> DefaultProperties,
    IReadOnlyList<string> SearchableProperties,
    string ModifiedDateProperty)
{
    public static readonly CrmObjectType Contacts = new("contacts", "contact", "0-1",
        "crm.objects.contacts.read", "crm.objects.contacts.write",
        ["firstname", "lastname", "email"],
        ["firstname", "lastname", "email", "phone", "mobilephone", "company", "website", "hs_object_id"],
        "lastmodifieddate");

    public static readonly CrmObjectType Companies = new("companies", "company", "0-2",
        "crm.objects.companies.read", "crm.objects.companies.write",
        ["name", "domain"],
        ["name", "domain", "website", "phone", "hs_object_id"],
        "hs_lastmodifieddate");

    public static readonly CrmObjectType Deals = new("deals", "deal", "0-3",
        "crm.objects.deals.read", "crm.objects.deals.write",
        ["dealname", "amount", "closedate", "pipeline", "dealstage"],
        ["dealname", "hs_object_id"],
        "hs_lastmodifieddate");

    // Activities use the contacts scopes, not per-activity ones (docs/hubspot-api.md, "Scopes").
    public static readonly CrmObjectType Notes = Activity("notes", "note", "0-46", ["hs_timestamp", "hs_note_body"], ["hs_note_body"]);
    public static readonly CrmObjectType Tasks = Activity("tasks", "task", "0-27", ["hs_timestamp", "hs_task_subject", "hs_task_status"], ["hs_task_subject", "hs_task_body"]);
    public static readonly CrmObjectType Calls = Activity("calls", "call", "0-48", ["hs_timestamp", "hs_call_title"], ["hs_call_title", "hs_call_body"]);
    public static readonly CrmObjectType Meetings = Activity("meetings", "meeting", "0-47", ["hs_timestamp", "hs_meeting_title"], ["hs_meeting_title", "hs_meeting_body"]);
    public static readonly CrmObjectType Emails = Activity("emails", "email", "0-49", ["hs_timestamp", "hs_email_subject"], ["hs_email_subject", "hs_email_text"]);

    public static readonly IReadOnlyList<CrmObjectType> All = [Contacts, Companies, Deals, Notes, Tasks, Calls, Meetings, Emails];

    /// <summary>Accepts the plural name, the singular name or the object type id (contacts, contact, 0-1).</summary>
    public static CrmObjectType? Find(string? nameOrId) =>
        nameOrId is null
            ? null
            : All.FirstOrDefault(t =>
                string.Equals(t.Name, nameOrId, StringComparison.OrdinalIgnoreCase)
                || string.Equals(t.Singular, nameOrId, StringComparison.OrdinalIgnoreCase)
                || t.TypeId == nameOrId);

    public bool IsActivity => ReadScope == Contacts.ReadScope && this != Contacts;

    private static CrmObjectType Activity(string name, string singular, string typeId, IReadOnlyList<string> defaults, IReadOnlyList<string> searchable) =>
        new(name, singular, typeId, "crm.objects.contacts.read", "crm.objects.contacts.write",
            defaults, [.. searchable, "hs_object_id"], "hs_lastmodifieddate");
}
