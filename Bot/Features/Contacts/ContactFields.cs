namespace HubSpotTeamsBot.Features.Contacts;

/// <summary>The contact form's inputs; each input id is the HubSpot property it writes.</summary>
public static class ContactFields
{
    public const string FirstName = "firstname";
    public const string LastName = "lastname";
    public const string Email = "email";
    public const string Phone = "phone";
    public const string Company = "company";
    public const string JobTitle = "jobtitle";
    public const string LifecycleStage = "lifecyclestage";
    public const string LeadStatus = "hs_lead_status";
    public const string Owner = "hubspot_owner_id";
    public const string LastModified = "lastmodifieddate";

    public static readonly IReadOnlyList<string> All =
        [FirstName, LastName, Email, Phone, Company, JobTitle, LifecycleStage, LeadStatus, Owner];

    /// <summary>Properties to read for forms and cards.</summary>
    public static readonly IReadOnlyList<string> Read = [.. All, LastModified, "hs_lastmodifieddate"];

    public static string Label(string field) => field switch
    {
        FirstName => "First name",
        LastName => "Last name",
        Email => "Email",
        Phone => "Phone",
        Company => "Company",
        JobTitle => "Job title",
        LifecycleStage => "Lifecycle stage",
        LeadStatus => "Lead status",
        Owner => "Owner",
        _ => field,
    };
}
