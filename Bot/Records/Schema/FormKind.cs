using HubSpotTeamsBot.HubSpot;

namespace HubSpotTeamsBot.Records.Schema;

/// <summary>The record forms an admin can lay out, each with the fields it shows until an admin chooses others.</summary>
public sealed record FormKind(string Id, string Title, CrmObjectType ObjectType, bool Creating, IReadOnlyList<string> Defaults)
{
    /// <summary>The properties every contact form shows by default (today's form, in its order).</summary>
    private static readonly string[] ContactDefaults =
        ["firstname", "lastname", "email", "phone", "company", "jobtitle", "lifecyclestage", "hs_lead_status", "hubspot_owner_id"];

    /// <summary>The deal form's own fields (name, stage, amount, close date, owner, contact) come first; these are the extras.</summary>
    private static readonly string[] DealDefaults = [];

    public static readonly FormKind ContactCreate = new("contact-create", "New contact", CrmObjectType.Contacts, true, ContactDefaults);
    public static readonly FormKind ContactUpdate = new("contact-update", "Edit contact", CrmObjectType.Contacts, false, ContactDefaults);
    public static readonly FormKind DealCreate = new("deal-create", "New deal", CrmObjectType.Deals, true, DealDefaults);
    public static readonly FormKind DealUpdate = new("deal-update", "Edit deal", CrmObjectType.Deals, false, DealDefaults);

    public static readonly IReadOnlyList<FormKind> All = [ContactCreate, ContactUpdate, DealCreate, DealUpdate];

    public static FormKind? Find(string? id) => All.FirstOrDefault(k => string.Equals(k.Id, id, StringComparison.OrdinalIgnoreCase));

    /// <summary>Properties the deal form always shows with its own inputs; an admin's list cannot add them twice.</summary>
    public static readonly IReadOnlyList<string> DealBuiltIn = ["dealname", "dealstage", "pipeline", "amount", "closedate", "hubspot_owner_id"];

    /// <summary>
    /// The deal form's own inputs an admin may place by listing their property (the stage input carries the pipeline
    /// too, so the pair moves together); the ones not listed keep their place at the top of the form.
    /// </summary>
    public static readonly IReadOnlyList<string> DealPlaceable = ["dealname", "dealstage", "amount", "closedate", "hubspot_owner_id"];
}
