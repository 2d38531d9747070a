using System.Globalization;
using System.Text.Json.Nodes;
using HubSpotTeamsBot.Cards;
using HubSpotTeamsBot.HubSpot;
using HubSpotTeamsBot.Storage;

namespace HubSpotTeamsBot.Records;

/// <summary>Where a record lives in the HubSpot UI; the UI domain comes from the portal link (EU portals differ).</summary>
public sealed record HubSpotRecordLinks(long PortalId, string? UiDomain = null)
{
    public const string DefaultUiDomain = "app.hubspot.com";

    public static HubSpotRecordLinks From(PortalLink link)
    {
        ArgumentNullException.ThrowIfNull(link);
        return new(link.PortalId, link.UiDomain);
    }

    public string Contact(string id) => Record("0-1", id);

    public string Deal(string id) => Record("0-3", id);

    public string Task(string id) => Record("0-27", id);

    private string Record(string objectTypeId, string id) =>
        $"https://{(string.IsNullOrWhiteSpace(UiDomain) ? DefaultUiDomain : UiDomain)}/contacts/{PortalId.ToString(CultureInfo.InvariantCulture)}/record/{objectTypeId}/{Uri.EscapeDataString(id)}";
}

/// <summary>How to render a record card: labels the caller resolved and which host shows it.</summary>
public sealed record RecordCardOptions
{
    /// <summary>"1.5" for bot cards; "1.3" for link unfurling (docs/teams-protocol.md, "Card versions"), which also drops Action.Execute.</summary>
    public string Version { get; init; } = Card.Version;

    /// <summary>A line above the record, e.g. "Contact created" or "Already in HubSpot".</summary>
    public string? Headline { get; init; }

    /// <summary>The owner's display name (the card shows nothing rather than a raw owner id).</summary>
    public string? OwnerName { get; init; }

    /// <summary>The portal's currency, for a deal without its own <c>deal_currency_code</c>.</summary>
    public string? Currency { get; init; }

    /// <summary>Display labels for option values: lifecycle stage, lead status, deal stage, pipeline.</summary>
    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();

    /// <summary>The deal's associated contacts as the card says them ("Ada Lovelace and Grace Hopper"); none when unknown.</summary>
    public string? Contacts { get; init; }

    /// <summary>Facts after the card's own: the properties an admin put on the record's forms (<see cref="RecordCardFields"/>).</summary>
    public IReadOnlyList<(string Title, string? Value)> MoreFacts { get; init; } = [];

    /// <summary>False for previews that must not carry buttons (e.g. a search result's preview).</summary>
    public bool WithActions { get; init; } = true;

    /// <summary>Whether the person the card is made for may write (Editor or Admin): only then does it carry Edit,
    /// Log activity and New deal. Off by default, so a card nobody thought about shows a Viewer no dead buttons;
    /// each button's route still checks the role itself.</summary>
    public bool ReaderCanEdit { get; init; }

    /// <summary>Whether the card carries a <c>refresh</c> (Action.Execute, verb <see cref="RecordCards.Verbs.Refresh"/>), so
    /// Teams asks the bot for today's values when someone looks at it. Only for cards the bot posts (1.5).</summary>
    public bool Refreshable { get; init; }
}

/// <summary>
/// Contact and deal cards shared by result messages, <c>find</c>, the message extension and link unfurling. Every
/// card carries Open in HubSpot; for someone who may write also Edit, Log activity, (contacts) New deal and (deals) Move stage, which open dialogs
/// (task/fetch) for the verbs below, which the contacts / deals / engagements features register.
/// </summary>
public static class RecordCards
{
    public static class Verbs
    {
        public const string ContactCreate = "contact.create";
        public const string ContactUpdate = "contact.update";
        public const string DealCreate = "deal.create";
        public const string DealUpdate = "deal.update";
        /// <summary>Data: recordType ("contacts"|"deals") and recordId.</summary>
        public const string LogActivity = "activity.log";
        /// <summary>A deal card's quick action: only the pipeline › stage (the deals feature opens it). Data: recordId.</summary>
        public const string DealMoveStage = "deal.stage";
        /// <summary>A record card's refresh (adaptiveCard/action). Data: recordType ("contacts"|"deals") and recordId.</summary>
        public const string Refresh = "record.refresh";
    }

    public static JsonObject Contact(CrmObject contact, HubSpotRecordLinks links, RecordCardOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(contact);
        ArgumentNullException.ThrowIfNull(links);
        options ??= new RecordCardOptions();
        var card = Build(options,
            Card.Heading(CardText.Literal(RecordNames.Contact(contact))),
            Card.Facts([
                ("Email", contact["email"]),
                ("Phone", contact["phone"]),
                ("Company", contact["company"]),
                ("Job title", contact["jobtitle"]),
                ("Owner", options.OwnerName),
                ("Lifecycle stage", Label(options, contact["lifecyclestage"])),
                ("Lead status", Label(options, contact["hs_lead_status"])),
                .. options.MoreFacts]));
        if (options.Refreshable) AddRefresh(card, "contacts", contact.Id);
        if (!options.WithActions) return card;
        var record = Target(contact.Id, "contacts");
        if (!options.ReaderCanEdit) return card.WithActions(Card.OpenUrl("Open in HubSpot", links.Contact(contact.Id)));
        return card.WithActions(
            Card.OpenUrl("Open in HubSpot", links.Contact(contact.Id)),
            OpenDialog("Edit", Verbs.ContactUpdate, record),
            OpenDialog("Log activity", Verbs.LogActivity, record),
            OpenDialog("New deal", Verbs.DealCreate, new JsonObject { ["contactId"] = contact.Id }));
    }

    public static JsonObject Deal(CrmObject deal, HubSpotRecordLinks links, RecordCardOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(deal);
        ArgumentNullException.ThrowIfNull(links);
        options ??= new RecordCardOptions();
        var card = Build(options,
            Card.Heading(CardText.Literal(RecordNames.Deal(deal))),
            Card.Facts([
                ("Amount", Money.Format(deal["amount"], deal["deal_currency_code"] ?? options.Currency)),
                ("Stage", Label(options, deal["dealstage"])),
                ("Pipeline", Label(options, deal["pipeline"])),
                ("Close date", deal["closedate"]),
                ("Contacts", options.Contacts),
                ("Owner", options.OwnerName),
                .. options.MoreFacts]).WithDate("Close date", deal["closedate"]));
        if (options.Refreshable) AddRefresh(card, "deals", deal.Id);
        if (!options.WithActions) return card;
        var record = Target(deal.Id, "deals");
        if (!options.ReaderCanEdit) return card.WithActions(Card.OpenUrl("Open in HubSpot", links.Deal(deal.Id)));
        // Every deal card an editor sees gets the same buttons from here, whether posted, refreshed or updated in place.
        return card.WithActions(
            Card.OpenUrl("Open in HubSpot", links.Deal(deal.Id)),
            OpenDialog("Edit", Verbs.DealUpdate, record),
            OpenDialog("Log activity", Verbs.LogActivity, record),
            OpenDialog("Move stage", Verbs.DealMoveStage, new JsonObject { ["recordId"] = deal.Id }));
    }

    /// <summary>Action.Submit with msteams task/fetch: valid in every card version and host (docs/teams-protocol.md,
    /// "Dialogs"). It only opens the dialog, so it ignores the card's inputs (an empty required field must not stop it).</summary>
    public static JsonObject OpenDialog(string title, string verb, JsonObject? data = null)
    {
        var action = Card.Submit(title, verb, data, Card.IgnoresInputs);
        action["data"]!["msteams"] = new JsonObject { ["type"] = "task/fetch" };
        return action;
    }

    /// <summary>
    /// The card's <c>refresh</c>: Teams sends it as adaptiveCard/action when the card is shown (docs/teams-protocol.md,
    /// "Card refresh"). Without <paramref name="userIds"/> everyone refreshes, which Teams allows only in conversations of
    /// at most 60 members; in larger ones the caller names up to 60 users.
    /// </summary>
    public static JsonObject AddRefresh(JsonObject card, string recordType, string recordId, IReadOnlyList<string>? userIds = null)
    {
        ArgumentNullException.ThrowIfNull(card);
        var refresh = new JsonObject
        {
            ["action"] = new JsonObject
            {
                ["type"] = "Action.Execute",
                ["title"] = "Refresh",
                ["verb"] = Verbs.Refresh,
                ["data"] = Target(recordId, recordType),
            },
        };
        if (userIds is not null) refresh["userIds"] = new JsonArray(userIds.Take(60).Select(id => (JsonNode?)id).ToArray());
        card["refresh"] = refresh;
        return card;
    }

    private static JsonObject Build(RecordCardOptions options, params JsonNode?[] body)
    {
        var parts = options.Headline is { } headline ? body.Prepend(Card.Text(headline, subtle: true)).ToArray() : body;
        var card = Card.Adaptive(parts);
        card["version"] = options.Version;
        return card;
    }

    private static JsonObject Target(string id, string type) => new() { ["recordId"] = id, ["recordType"] = type };

    private static string? Label(RecordCardOptions options, string? value) =>
        value is null ? null : options.Labels.TryGetValue(value, out var label) ? label : value;
}
