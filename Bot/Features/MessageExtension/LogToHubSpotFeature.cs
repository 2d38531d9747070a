using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using HubSpotTeamsBot.BotFramework.Invokes;
using HubSpotTeamsBot.BotFramework.Routing;
using HubSpotTeamsBot.BotFramework.Schema;
using HubSpotTeamsBot.Cards;
using HubSpotTeamsBot.Features.Common;
using HubSpotTeamsBot.HubSpot;
using HubSpotTeamsBot.Identity;
using HubSpotTeamsBot.Records;
using HubSpotTeamsBot.Storage;

namespace HubSpotTeamsBot.Features.MessageExtension;

/// <summary>
/// The <c>logToHubSpot</c> action on a Teams message (docs/teams-protocol.md, "Message-extension action"): a dialog to
/// pick the contact or deal and note vs
/// task, then the note/task is created with the message text, author, time and a link back, associated to the record.
/// Editors only; audited; a second submit of the same message to the same record answers with the first result.
/// </summary>
public sealed partial class LogToHubSpotFeature(
    PortalGate gate,
    HubSpotCrmClient crm,
    RecordResolver resolver,
    RecordSearch search,
    RecordLabels labels,
    ActingOwner actingOwner,
    IdempotencyStore idempotency,
    AuditTrail audit,
    TimeProvider clock,
    ILogger<LogToHubSpotFeature> logger) : IBotFeature
{
    public void MapRoutes(BotRoutes routes)
    {
        ArgumentNullException.ThrowIfNull(routes);
        routes.OnInvoke(InvokeNames.ComposeFetchTask, SearchCommands.LogToHubSpot, RouteAccess.Editor("note.create"), FetchAsync);
        routes.OnInvoke(InvokeNames.ComposeSubmitAction, SearchCommands.LogToHubSpot, RouteAccess.Editor("note.create"), SubmitAsync);
        routes.OnInvoke(InvokeNames.ApplicationSearch, LogToHubSpotDialog.RecordDataset, RouteAccess.Editor("note.create"), TypeaheadAsync);
    }

    private async Task<InvokeResponse> FetchAsync(TurnContext turn)
    {
        var message = TeamsMessage.FromPayload(turn.Payload<ComposeActionValue>().MessagePayload);
        if (message is null)
        {
            return InvokeResponse.DialogMessage("Log to HubSpot works on a message: open the message's **…** menu and choose **Log to HubSpot**.");
        }

        var access = await gate.CheckAsync(turn, AppRole.Editor, "note.create");
        if (!access.Allowed) return InvokeResponse.DialogMessage(access.Refusal!);
        // Over HubSpot's note limit: said before the user does anything, with the choice to log the part that fits.
        var fits = LoggedNoteBody.FittingLength(message, turn.Who().Name ?? "a Teams user");
        return InvokeResponse.Dialog(LogToHubSpotDialog.Title, LogToHubSpotDialog.Card(message, fits: fits is null ? null : new(message.Length, fits.Value)));
    }

    private async Task<InvokeResponse> SubmitAsync(TurnContext turn)
    {
        var value = turn.Payload<ComposeActionValue>();
        var data = value.Data;
        // The whole message, or the dialog's copy of it (possibly only its beginning): nothing is cut unless the user chose to (below).
        var message = TeamsMessage.FromPayload(value.MessagePayload) ?? TeamsMessage.FromJson(data?["message"]);
        if (message is null)
        {
            return InvokeResponse.DialogMessage("I couldn't read the message to log. Please open **Log to HubSpot** from the message again.");
        }

        var kind = CardData.Text(data, "kind") == "task" ? CrmObjectType.Tasks : CrmObjectType.Notes;
        var noun = kind == CrmObjectType.Tasks ? "task" : "note";
        var access = await gate.CheckAsync(turn, AppRole.Editor, $"{noun}.create");
        if (!access.Allowed) return InvokeResponse.DialogMessage(access.Refusal!);
        var link = access.Link!;

        var recordText = CardData.Text(data, "recordText")?.Trim();
        var taskTitle = CardData.Text(data, "taskTitle")?.Trim();
        var actorName = turn.Who().Name ?? "a Teams user";
        var fitting = LoggedNoteBody.FittingLength(message, actorName);
        var fits = fitting is null ? null : new MessageFit(message.Length, fitting.Value);
        InvokeResponse Again(string problem, IReadOnlyList<RecordChoice>? choices = null) => InvokeResponse.Dialog(LogToHubSpotDialog.Title,
            LogToHubSpotDialog.Card(message, recordText, noun, taskTitle, choices, problem, fits));
        if (message.IsPart && CardData.Text(data, "shorten") != "true")
            return Again($"Teams did not send the message again, and this dialog carries only the first {HubSpotLimits.Said(message.Text.Length)} of its {HubSpotLimits.Said(message.Length)} characters. Nothing was logged. Tick the box below to log that part (the note says how much was left out), or copy the whole message into HubSpot yourself.");
        if (fits is not null && CardData.Text(data, "shorten") != "true")
            return Again($"This message has {HubSpotLimits.Said(fits.Length)} characters, more than HubSpot keeps in a {noun} ({HubSpotLimits.Said(HubSpotLimits.MaxStringLength)} with the author line and the link). Nothing was logged. Tick “{LogToHubSpotDialog.ShortenTitle(fits)}” to log that much, or log a shorter message.");

        // A pick (typeahead or the choice list) wins over the text box; the text box is searched otherwise.
        var target = RecordResolver.ParseChoice(CardData.Text(data, "record"));
        if (target is null)
        {
            if (string.IsNullOrWhiteSpace(recordText)) return Again("Choose the contact or deal to log this message on.");
            var found = await resolver.FindAsync(link.TenantId, recordText, new RecordQuery(RecordKinds.Any), turn.CancellationToken);
            if (found.Count == 0) return Again($"Nothing in HubSpot matches \"{recordText}\". Try an email address, a full name or a deal name.");
            if (found.Count > 1)
            {
                var stageOf = await labels.StageOfAsync(link.TenantId, turn.CancellationToken);
                return Again($"Several records match \"{recordText}\". Pick one:", found
                    .Select(m => new RecordChoice(RecordResolver.ChoiceValue(m.Type, m.Record.Id),
                        $"{RecordDescription.Of(m.Type, m.Record, link.Currency, stageOf)} ({ComposeSearchFeature.Noun(m.Type)})"))
                    .ToList());
            }
            target = (found[0].Type, found[0].Record.Id);
        }

        var (type, id) = target.Value;
        var key = $"logToHubSpot|{message.Id}|{ComposeSearchFeature.Noun(type)}|{id}";
        var claim = await idempotency.ClaimAsync(link.TenantId, key, turn.CancellationToken);
        switch (claim.Status)
        {
            case IdempotencyClaimStatus.Completed:
                return Confirmation(JsonSerializer.Deserialize(claim.ResultJson!, LoggedJsonContext.Default.Logged)!, again: true);
            case IdempotencyClaimStatus.InProgress:
                return InvokeResponse.DialogMessage("This message is being logged on that record right now. It will show in HubSpot in a moment.");
        }

        Logged logged;
        try
        {
            CrmObject record;
            try
            {
                record = await crm.GetAsync(link.TenantId, type, id, RecordProperties.For(type), ct: turn.CancellationToken);
            }
            catch (HubSpotNotFoundException)
            {
                await idempotency.ReleaseAsync(claim, turn.CancellationToken);
                return Again($"That {ComposeSearchFeature.Noun(type)} no longer exists in HubSpot. Choose another one.");
            }

            var properties = await PropertiesAsync(turn, kind, message, taskTitle, LoggedNoteBody.Build(message, actorName, fits?.Fitting));
            var created = await crm.CreateEngagementAsync(link.TenantId, kind, properties, [new CrmRecordRef(type, id)], turn.CancellationToken);
            // The confirmation names which record, as the picker did (two contacts may share a name).
            var stageLabels = type == CrmObjectType.Deals ? await labels.StageOfAsync(link.TenantId, turn.CancellationToken) : null;
            logged = new Logged(noun, created.Id, ComposeSearchFeature.Noun(type), id, RecordDescription.Of(type, record, link.Currency, stageLabels),
                type == CrmObjectType.Deals ? HubSpotRecordLinks.From(link).Deal(id) : HubSpotRecordLinks.From(link).Contact(id))
            {
                LeftOut = message.Length - message.Beginning(fits?.Fitting ?? message.Text.Length).Text.Length,
            };
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Nothing was created (or HubSpot refused it): free the key so the user's retry can run.
            await idempotency.ReleaseAsync(claim, CancellationToken.None);
            await audit.WriteAsync(turn, $"{noun}.create", AuditOutcomes.Failed, ComposeSearchFeature.Noun(type), id, detail: $"Teams message {message.Id}: {e.GetType().Name}");
            throw;
        }

        await idempotency.CompleteAsync(claim, JsonSerializer.Serialize(logged, LoggedJsonContext.Default.Logged), turn.CancellationToken);
        await audit.WriteAsync(turn, $"{noun}.create", AuditOutcomes.Succeeded, noun, logged.EngagementId,
            detail: $"Teams message {message.Id} logged on {AuditNouns.Record(logged.RecordType, logged.RecordId)}");
        LogLogged(logger, noun, logged.RecordType, logged.RecordId);
        return Confirmation(logged, again: false);
    }

    /// <summary><c>application/search</c> from the dialog's record picker: contacts and deals matching the typed text.</summary>
    private async Task<InvokeResponse> TypeaheadAsync(TurnContext turn)
    {
        var text = turn.Payload<ApplicationSearchValue>().QueryText?.Trim();
        var results = new List<(string Title, string Value)>();
        var access = string.IsNullOrEmpty(text) ? null : await gate.CheckAsync(turn, AppRole.Editor, "note.create");
        if (access?.Allowed == true)
        {
            var stageOf = await labels.StageOfAsync(access.Link!.TenantId, turn.CancellationToken);
            foreach (var type in new[] { CrmObjectType.Contacts, CrmObjectType.Deals })
            {
                var outcome = await search.SearchTextAsync(access.Link!.TenantId, access.Link.PortalId, type, text!, 0, 8, turn.CancellationToken);
                foreach (var record in outcome.Page?.Results ?? [])
                {
                    results.Add(($"{RecordDescription.Of(type, record, access.Link.Currency, stageOf)} ({ComposeSearchFeature.Noun(type)})", RecordResolver.ChoiceValue(type, record.Id)));
                }
            }
        }

        return ComposeResults.SearchResponse(results);
    }

    private async Task<Dictionary<string, string>> PropertiesAsync(TurnContext turn, CrmObjectType kind, TeamsMessage message, string? taskTitle, string body)
    {
        var properties = kind == CrmObjectType.Tasks
            ? new Dictionary<string, string>
            {
                ["hs_task_subject"] = string.IsNullOrWhiteSpace(taskTitle) ? "Follow up: " + Shorten(FirstLine(message.Text), 80) : taskTitle,
                ["hs_task_body"] = body,
                ["hs_task_status"] = "NOT_STARTED",
                ["hs_timestamp"] = Iso(clock.GetUtcNow().AddDays(1)),
            }
            : new Dictionary<string, string>
            {
                ["hs_note_body"] = body,
                ["hs_timestamp"] = Iso(message.CreatedAt ?? clock.GetUtcNow()),
            };

        // The acting user's HubSpot owner; a failed lookup just leaves the owner unset.
        if ((await actingOwner.FindAsync(turn))?.Id is { } ownerId) properties["hubspot_owner_id"] = ownerId;
        return properties;
    }

    /// <summary>A small card rather than a plain dialog message, so the record is a real link (a message box shows text only).</summary>
    private static InvokeResponse Confirmation(Logged logged, bool again) => InvokeResponse.Dialog(LogToHubSpotDialog.Title, Card.Adaptive(
            Card.Text($"{(again ? "Already logged: this message is" : "Logged: this message is now")} a {logged.Kind} on the {logged.RecordType} [{CardText.Literal(logged.RecordTitle)}]({logged.RecordUrl}) in HubSpot."
                + (logged.LeftOut > 0 ? $" {HubSpotLimits.Said(logged.LeftOut)} characters of the message were not logged, as the note says; the whole message stays in Teams." : "")))
        .WithActions(Card.OpenUrl("Open in HubSpot", logged.RecordUrl)));

    private static string Iso(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    private static string FirstLine(string text) => text.Split('\n', 2)[0].Trim() is { Length: > 0 } line ? line : "Teams message";

    private static string Shorten(string text, int max) => text.Length > max ? text[..max] + "…" : text;

    [LoggerMessage(Level = LogLevel.Information, Message = "Logged a Teams message as a {Kind} on {RecordType} {RecordId}")]
    private static partial void LogLogged(ILogger logger, string kind, string recordType, string recordId);
}
