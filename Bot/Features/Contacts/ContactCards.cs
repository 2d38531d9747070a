using System.Text.Json.Nodes;
using HubSpotTeamsBot.Cards;
using HubSpotTeamsBot.Forms;
using HubSpotTeamsBot.HubSpot;
using HubSpotTeamsBot.Records;

namespace HubSpotTeamsBot.Features.Contacts;

/// <summary>The contact feature's answers other than the form itself.</summary>
public static class ContactCards
{
    /// <param name="moreFields">The admin's form fields the card shows after its own (<see cref="RecordCardFields"/>).</param>
    public static JsonObject Result(CrmObject contact, HubSpotRecordLinks links, ContactFormOptions options, string headline,
        IEnumerable<Records.Schema.SchemaField>? moreFields = null) =>
        RecordCards.Contact(contact, links, new RecordCardOptions
        {
            Headline = headline,
            MoreFacts = RecordCardFields.Facts(moreFields ?? [], contact),
            OwnerName = options.OwnerName(contact[ContactFields.Owner]) ?? contact[ContactFields.Owner],
            Labels = options.Labels,
            // Only an Editor gets this far: the form's routes need the role.
            ReaderCanEdit = true,
            Refreshable = true,
        });

    /// <summary>The email is taken: show that contact and offer to update it instead of creating a second one, with
    /// what was typed carried along so the update form starts from it (<paramref name="typed"/>: the create form's values).</summary>
    public static JsonObject Duplicate(FormHost host, CrmObject existing, HubSpotRecordLinks links, ContactFormOptions options,
        IReadOnlyDictionary<string, string?>? typed = null)
    {
        var card = RecordCards.Contact(existing, links, new RecordCardOptions
        {
            Headline = $"A contact with the email {CardText.Literal(existing[ContactFields.Email])} already exists in HubSpot, so no new contact was created.",
            OwnerName = options.OwnerName(existing[ContactFields.Owner]),
            Labels = options.Labels,
            WithActions = false,
        });
        return card.WithActions(
            FormRoutes.Button(host, "Update it instead", RecordCards.Verbs.ContactUpdate, UpdateWithTyped(existing.Id, typed)),
            Card.OpenUrl("Open in HubSpot", links.Contact(existing.Id)));
    }

    /// <summary>Someone changed the record in HubSpot after the form was opened: theirs vs yours, Reload or Overwrite.</summary>
    public static JsonObject Conflict(FormHost host, ContactFormState yours, CrmObject current, string? currentVersion,
        IReadOnlyList<string> changedFields)
    {
        var body = new List<JsonNode>
        {
            Card.Heading("This contact changed in HubSpot"),
            Card.Text("Someone updated it after you opened the form. Nothing was saved. Reload to start from the new values, or overwrite them with yours."),
        };
        foreach (var field in changedFields)
        {
            body.Add(Card.Text($"**{ContactFields.Label(field)}**", size: "Small"));
            body.Add(Card.Facts(("In HubSpot now", Show(current[field])), ("Yours", Show(yours.Values.GetValueOrDefault(field)))));
        }

        // Overwrite = submit the same values again against the version just read.
        var overwrite = yours with
        {
            Version = currentVersion,
            Original = yours.Values.Keys.ToDictionary(f => f, f => current[f], StringComparer.Ordinal),
        };
        var overwriteData = overwrite.ButtonData();
        foreach (var field in yours.Values.Keys) overwriteData[field] = yours.Values.GetValueOrDefault(field) ?? string.Empty;
        return Card.Adaptive([.. body]).WithActions(
            FormRoutes.Button(host, "Reload", RecordCards.Verbs.ContactUpdate, Reload(current.Id)),
            FormRoutes.Button(host, "Overwrite", RecordCards.Verbs.ContactUpdate, overwriteData));
    }

    public static JsonObject PickList(IReadOnlyList<CrmObject> matches, string query)
    {
        var body = new List<JsonNode> { Card.Heading($"Several contacts match “{CardText.Literal(query)}”"), Card.Text("Pick the one to edit.", subtle: true) };
        body.AddRange(matches.Select(m => (JsonNode)new JsonObject
        {
            ["type"] = "ActionSet",
            ["actions"] = new JsonArray(FormRoutes.Button(FormHost.Inline, CardText.Capped(Describe(m)), RecordCards.Verbs.ContactUpdate, Reload(m.Id))),
        }));
        return Card.Adaptive([.. body]);
    }

    public static JsonObject NotFound(string query) => Card.Adaptive(
            Card.Text($"No contact matches “{CardText.Literal(query)}”. Check the spelling, or create a new contact."))
        .WithActions(FormRoutes.Button(FormHost.Inline, "New contact", RecordCards.Verbs.ContactCreate, new JsonObject { [FormKeys.Step] = ContactSteps.Open }));

    public static string Describe(CrmObject contact) =>
        contact[ContactFields.Email] is { Length: > 0 } email && RecordNames.Contact(contact) != email
            ? $"{RecordNames.Contact(contact)} ({email})"
            : RecordNames.Contact(contact);

    private static JsonObject Reload(string id) => new() { [FormKeys.Step] = ContactSteps.Reload, [FormKeys.RecordId] = id };

    private static JsonObject UpdateWithTyped(string id, IReadOnlyDictionary<string, string?>? typed)
    {
        var data = new JsonObject { [FormKeys.Step] = ContactSteps.UpdateWithTyped, [FormKeys.RecordId] = id };
        // The email is the one the record already has (it is how the duplicate was found), whatever its letter case.
        var kept = (typed ?? new Dictionary<string, string?>())
            .Where(p => ContactFields.All.Contains(p.Key) && p.Key != ContactFields.Email && !string.IsNullOrEmpty(p.Value)).ToList();
        if (kept.Count > 0) data[ContactSteps.TypedKey] = new JsonObject(kept.Select(p => KeyValuePair.Create(p.Key, (JsonNode?)p.Value)));
        return data;
    }

    private static string Show(string? value) => string.IsNullOrEmpty(value) ? "(empty)" : value;
}

/// <summary>Secondary buttons of the contact forms.</summary>
public static class ContactSteps
{
    /// <summary>Show a fresh form (create) — used by buttons that open the form inline.</summary>
    public const string Open = "open";

    /// <summary>Show the edit form with the record as it is now in HubSpot.</summary>
    public const string Reload = "reload";

    /// <summary>Show the edit form with what the person typed (carried under <see cref="TypedKey"/>) over the record's
    /// values: the duplicate answer's "Update it instead".</summary>
    public const string UpdateWithTyped = "updateWithTyped";

    public const string TypedKey = "typed";
}
