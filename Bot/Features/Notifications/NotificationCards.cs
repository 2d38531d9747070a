using System.Globalization;
using System.Text.Json.Nodes;
using HubSpotTeamsBot.Cards;
using HubSpotTeamsBot.HubSpot;
using HubSpotTeamsBot.Records;

namespace HubSpotTeamsBot.Features.Notifications;

/// <summary>The subscription forms, the list with Remove buttons, and the notification card itself (Adaptive Card 1.5).</summary>
public static class NotificationCards
{
    public const string SubscribeVerb = "notify.subscribe";
    public const string RemoveVerb = "notify.remove";
    public const string AnyValue = "";

    public static JsonObject DealsForm(IReadOnlyList<DealPipeline> pipelines, IReadOnlyList<(string Title, string Value)> owners, string? problem = null)
    {
        var stages = StageChoice.From(pipelines).Select(s => (s.Title, StageValue(s.PipelineId, s.StageId)));
        return Card.Adaptive(
                Card.Heading("🔔 Deal notifications for this conversation"),
                Card.Text("Cards are posted here when a deal matching these filters is created or enters a stage. Leave a filter empty to match every deal.", subtle: true),
                problem is null ? null : Inputs.Banner(problem),
                Inputs.Choice("pipeline", "Pipeline", pipelines.Select(p => (CardText.Capped(p.Label), p.Id)), placeholder: "Any pipeline"),
                Inputs.Choice("stage", "Stage entered", stages.Select(s => (CardText.Capped(s.Item1), s.Item2)), placeholder: "Any stage change"),
                Inputs.Number("minAmount", "Amount at least", min: 0),
                Inputs.Choice("owner", "Owner", owners.Select(o => (CardText.Capped(o.Title), o.Value)), placeholder: "Any owner"))
            .WithActions(Card.Submit("Subscribe", SubscribeVerb, new JsonObject { ["kind"] = nameof(SubscriptionKind.Deals) }));
    }

    public static JsonObject ContactsForm(IReadOnlyList<(string Title, string Value)> lifecycleStages, IReadOnlyList<(string Title, string Value)> owners, string? problem = null) =>
        Card.Adaptive(
                Card.Heading("🔔 New-contact notifications for this conversation"),
                Card.Text("A card is posted here for each new contact matching these filters. Leave a filter empty to match every new contact.", subtle: true),
                problem is null ? null : Inputs.Banner(problem),
                Inputs.Choice("lifecycleStage", "Lifecycle stage", lifecycleStages.Select(o => (CardText.Capped(o.Title), o.Value)), placeholder: "Any lifecycle stage"),
                Inputs.Choice("owner", "Owner", owners.Select(o => (CardText.Capped(o.Title), o.Value)), placeholder: "Any owner"))
            .WithActions(Card.Submit("Subscribe", SubscribeVerb, new JsonObject { ["kind"] = nameof(SubscriptionKind.Contacts) }));

    public static string StageValue(string pipelineId, string stageId) => pipelineId + "/" + stageId;

    /// <summary>The conversation's subscriptions, each with a Remove button.</summary>
    public static JsonObject List(IReadOnlyList<NotificationSubscription> subscriptions, NotificationLabels labels)
    {
        var body = new List<JsonNode?> { Card.Heading("🔔 Notifications in this conversation") };
        if (subscriptions.Count == 0)
            body.Add(Card.Text("None yet. Send **notify deals** or **notify contacts** to subscribe, or **notify me** in a personal chat for your own records."));
        foreach (var s in subscriptions)
        {
            var container = new JsonObject
            {
                ["type"] = "Container",
                ["separator"] = true,
                ["items"] = new JsonArray(
                    Card.Text(Describe(s, labels)),
                    Card.Text($"Added by {CardText.Literal(s.CreatedByName ?? "someone")} on {CardDates.Date(s.CreatedAt)}"
                        + (s.IsActive ? string.Empty : $" · ⚠️ disabled: {CardText.Literal(s.DisabledReason)}"), subtle: true),
                    new JsonObject
                    {
                        ["type"] = "ActionSet",
                        ["actions"] = new JsonArray(Card.Submit("Remove", RemoveVerb, new JsonObject { ["id"] = s.Id })),
                    }),
            };
            body.Add(container);
        }
        return Card.Adaptive(body.ToArray());
    }

    /// <summary>One line saying what a subscription listens to, with labels rather than ids.</summary>
    public static string Describe(NotificationSubscription s, NotificationLabels labels)
    {
        ArgumentNullException.ThrowIfNull(s);
        ArgumentNullException.ThrowIfNull(labels);
        var filters = new List<string>();
        switch (s.Kind)
        {
            case SubscriptionKind.Deals:
                filters.Add(s.StageId is null ? "any stage change" : $"entering **{CardText.Literal(labels.Stage(s.StageId))}**");
                if (s.PipelineId is not null) filters.Add($"in {CardText.Literal(labels.Pipeline(s.PipelineId))}");
                if (s.MinAmount is { } min) filters.Add($"amount ≥ {min.ToString("N0", CultureInfo.InvariantCulture)}");
                if (s.OwnerId is not null) filters.Add($"owned by {CardText.Literal(labels.Owner(s.OwnerId))}");
                return "**Deals**: " + string.Join(", ", filters);
            case SubscriptionKind.Contacts:
                filters.Add("new contacts");
                if (s.LifecycleStage is not null) filters.Add($"lifecycle stage {CardText.Literal(labels.Lifecycle(s.LifecycleStage))}");
                if (s.OwnerId is not null) filters.Add($"owned by {CardText.Literal(labels.Owner(s.OwnerId))}");
                return "**Contacts**: " + string.Join(", ", filters);
            default:
                return $"**Personal** for {CardText.Literal(s.CreatedByName ?? "you")}: your deals changing stage, deals, contacts and tasks assigned to you";
        }
    }

    /// <summary>
    /// The notification: the record's key fields, what changed (newest last; merged changes within the window), who changed
    /// it and when, Open in HubSpot and the quick actions of the record cards (the routes they open check the role).
    /// </summary>
    public static JsonObject Notification(CrmObjectType type, CrmObject record, CardEntry entry, HubSpotRecordLinks links, NotificationLabels labels, string? portalCurrency = null)
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentNullException.ThrowIfNull(links);
        ArgumentNullException.ThrowIfNull(labels);
        var body = new List<JsonNode?>();
        var actions = new List<JsonNode?>();
        var target = new JsonObject { ["recordId"] = record.Id, ["recordType"] = type.PathSegment() };
        switch (type)
        {
            case CrmObjectType.Deals:
                body.Add(Card.Text("🔔 Deal update", subtle: true));
                body.Add(Card.Heading(CardText.Literal(RecordNames.Deal(record))));
                body.Add(Card.Facts(
                    ("Amount", Money.Format(record["amount"], record["deal_currency_code"] ?? portalCurrency)),
                    ("Stage", labels.Stage(record["dealstage"], record["pipeline"])),
                    ("Pipeline", labels.Pipeline(record["pipeline"])),
                    ("Owner", labels.Owner(record["hubspot_owner_id"]))));
                actions.Add(Card.OpenUrl("Open in HubSpot", links.Deal(record.Id)));
                actions.Add(RecordCards.OpenDialog("Move stage", RecordCards.Verbs.DealMoveStage, new JsonObject { ["recordId"] = record.Id }));
                actions.Add(RecordCards.OpenDialog("Log note", RecordCards.Verbs.LogActivity, target));
                break;
            case CrmObjectType.Contacts:
                body.Add(Card.Text("🔔 Contact update", subtle: true));
                body.Add(Card.Heading(CardText.Literal(RecordNames.Contact(record))));
                body.Add(Card.Facts(
                    ("Email", record["email"]),
                    ("Company", record["company"]),
                    ("Lifecycle stage", labels.Lifecycle(record["lifecyclestage"])),
                    ("Owner", labels.Owner(record["hubspot_owner_id"]))));
                actions.Add(Card.OpenUrl("Open in HubSpot", links.Contact(record.Id)));
                actions.Add(RecordCards.OpenDialog("Log note", RecordCards.Verbs.LogActivity, target));
                break;
            default:
                body.Add(Card.Text("🔔 Task update", subtle: true));
                body.Add(Card.Heading(CardText.Literal(record["hs_task_subject"] is { Length: > 0 } subject ? subject : $"Task {record.Id}")));
                body.Add(Card.Facts(
                    ("Due", record["hs_timestamp"]),
                    ("Status", TaskLabel(record["hs_task_status"])),
                    ("Priority", TaskLabel(record["hs_task_priority"])),
                    ("Owner", labels.Owner(record["hubspot_owner_id"]))).WithMoment("Due", record["hs_timestamp"]));
                actions.Add(Card.OpenUrl("Open in HubSpot", links.Task(record.Id)));
                break;
        }

        body.Add(new JsonObject
        {
            ["type"] = "Container",
            ["separator"] = true,
            ["items"] = new JsonArray(entry.Lines.Select(line => (JsonNode)Card.Text(line)).ToArray()),
        });
        var hidden = entry.ChangeCount - entry.Lines.Count;
        body.Add(Card.Text(entry.ChangeCount == 1 ? "1 change" : $"{entry.ChangeCount} changes" + (hidden > 0 ? $" ({hidden} earlier not shown)" : string.Empty), subtle: true, size: "Small"));
        return Card.Adaptive(body.ToArray()).WithActions(actions.ToArray());
    }

    // HubSpot's own options of hs_task_status and hs_task_priority (fixed by HubSpot, not per portal), as HubSpot labels them.
    private static readonly Dictionary<string, string> TaskLabels = new(StringComparer.Ordinal)
    {
        ["NOT_STARTED"] = "Not started", ["IN_PROGRESS"] = "In progress", ["WAITING"] = "Waiting", ["COMPLETED"] = "Completed", ["DEFERRED"] = "Deferred",
        ["NONE"] = "None", ["LOW"] = "Low", ["MEDIUM"] = "Medium", ["HIGH"] = "High",
    };

    private static string? TaskLabel(string? value) => value is null ? null : TaskLabels.GetValueOrDefault(value, value);

    /// <summary>What a notification card becomes when its record is deleted in HubSpot.</summary>
    public static JsonObject Deleted(string recordType, string recordId, string when) =>
        Card.Adaptive(
            Card.Text("🔔 " + (recordType switch { "deals" => "Deal", "contacts" => "Contact", _ => "Task" }) + $" {CardText.Literal(recordId)} was deleted in HubSpot", weight: "Bolder"),
            Card.Text(when, subtle: true, size: "Small"));
}
