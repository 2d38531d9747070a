using System.Text.Json.Nodes;
using HubSpotTeamsBot.BotFramework.Connector;
using HubSpotTeamsBot.BotFramework.Invokes;
using HubSpotTeamsBot.BotFramework.Routing;
using HubSpotTeamsBot.BotFramework.Schema;
using HubSpotTeamsBot.Cards;
using HubSpotTeamsBot.Features.Common;
using HubSpotTeamsBot.HubSpot;
using HubSpotTeamsBot.Records;

namespace HubSpotTeamsBot.Forms;

/// <summary>
/// One form, two hosts: registers a form's verb on every path a button can take (docs/teams-protocol.md, "Dialogs",
/// "Action.Submit from a card", "Action.Execute") and
/// delivers the handler's <see cref="FormOutcome"/> the way each path needs.
/// </summary>
public static class FormRoutes
{
    public static BotRoutes OnForm(this BotRoutes routes, FormDefinition form)
    {
        ArgumentNullException.ThrowIfNull(form);
        return routes
            .OnInvoke(InvokeNames.TaskFetch, form.Verb, form.Access, turn => OpenDialogAsync(turn, form))
            .OnInvoke(InvokeNames.TaskSubmit, form.Verb, form.Access, turn => SubmitDialogAsync(turn, form))
            .OnInvoke(InvokeNames.AdaptiveCardAction, form.Verb, form.Access, turn => ExecuteAsync(turn, form))
            .OnCardSubmit(form.Verb, form.Access, turn => SubmitInChatAsync(turn, form));
    }

    private static async Task<InvokeResponse> OpenDialogAsync(TurnContext turn, FormDefinition form)
    {
        var outcome = await form.Open(Context(turn, form, FormHost.Dialog, turn.Payload<TaskModuleValue>().Data));
        if (turn.InvokeBudgetExceeded)
        {
            // Teams stopped waiting to open the dialog: post the form (its Submit buttons work in chat too) or the sentence.
            if (outcome is FormOutcome.ShowCard shown) await turn.SendCardAsync(shown.Card);
            else if (outcome is FormOutcome.Message said) await turn.SendTextAsync(said.Text);
        }
        return AsDialog(form, outcome);
    }

    private static async Task<InvokeResponse> SubmitDialogAsync(TurnContext turn, FormDefinition form)
    {
        var outcome = await form.Submit(Context(turn, form, FormHost.Dialog, turn.Payload<TaskModuleValue>().Data));
        if (outcome is FormOutcome.Completed done)
        {
            // The dialog only shows a sentence; the record card belongs in the conversation for everyone.
            if (await Audience(turn).PrepareAsync(turn, done.ResultCard) is { } refusal) await turn.SendTextAsync($"{done.Text} {refusal}");
            else await turn.SendCardAsync(done.ResultCard);
        }
        if (turn.InvokeBudgetExceeded)
        {
            // Teams already closed the wait with "still working": a re-shown form can no longer reach the dialog.
            if (outcome is FormOutcome.ShowCard shown) await turn.SendCardAsync(shown.Card);
            else if (outcome is FormOutcome.Message said) await turn.SendTextAsync(said.Text);
        }
        return AsDialog(form, outcome);
    }

    private static async Task<InvokeResponse> ExecuteAsync(TurnContext turn, FormDefinition form)
    {
        // Inline, the form (filled from a record, or a conflict showing HubSpot's values) replaces a card the whole
        // channel reads; a dialog (task/fetch, task/submit) is shown to the caller alone and is not refused.
        if (await Audience(turn).RefusalAsync(turn) is { } refusal) return InvokeResponse.CardMessage(refusal);
        var context = Context(turn, form, FormHost.Inline, turn.Payload<AdaptiveCardActionValue>().Action?.Data);
        var outcome = context.Submission.Step == FormKeys.OpenInChatStep ? await form.Open(context) : await form.Submit(context);
        outcome = await ForAudienceAsync(turn, outcome);
        if (turn.InvokeBudgetExceeded) await DeliverAsMessageAsync(turn, outcome);
        return outcome switch
        {
            FormOutcome.ShowCard shown => InvokeResponse.Card(shown.Card),
            FormOutcome.Completed done => InvokeResponse.Card(done.ResultCard),
            FormOutcome.Message said => InvokeResponse.CardMessage(said.Text),
            _ => throw new InvalidOperationException($"Unknown form outcome {outcome.GetType().Name}."),
        };
    }

    private static async Task SubmitInChatAsync(TurnContext turn, FormDefinition form)
    {
        if (await Audience(turn).RefusedAsync(turn)) return;
        var outcome = await form.Submit(Context(turn, form, FormHost.Inline, turn.CardSubmit().Data));
        await DeliverAsMessageAsync(turn, await ForAudienceAsync(turn, outcome));
    }

    /// <summary>No synchronous answer channel: replace the clicked card (replyToId) or post a new message.</summary>
    private static async Task DeliverAsMessageAsync(TurnContext turn, FormOutcome outcome)
    {
        var card = outcome switch
        {
            FormOutcome.ShowCard shown => shown.Card,
            FormOutcome.Completed done => done.ResultCard,
            _ => null,
        };
        if (card is null)
        {
            await turn.SendTextAsync(((FormOutcome.Message)outcome).Text);
            return;
        }
        var replyTo = turn.Activity.ReplyToId;
        if (string.IsNullOrEmpty(replyTo))
        {
            await turn.SendCardAsync(card);
            return;
        }
        try
        {
            await turn.UpdateAsync(replyTo, Activity.Message(null, new Attachment { ContentType = ContentTypes.AdaptiveCard, Content = card }));
        }
        catch (ConnectorException e) when (e.Status is 400 or 404 or 414)
        {
            // The clicked card can't be replaced (deleted, or a replyToId Teams doesn't know): the answer still
            // belongs in the chat, so post it rather than fail the turn (found by the reliability fuzzing).
            await turn.SendCardAsync(card);
        }
    }

    private static ChannelAudience Audience(TurnContext turn) => turn.Services.GetRequiredService<ChannelAudience>();

    /// <summary>A result card in a channel says who sees it; where record cards may not be posted, the result is the
    /// sentence that the work was done plus why the card is not shown.</summary>
    private static async Task<FormOutcome> ForAudienceAsync(TurnContext turn, FormOutcome outcome) =>
        outcome is FormOutcome.Completed done && await Audience(turn).PrepareAsync(turn, done.ResultCard) is { } refusal
            ? done with { ResultCard = Card.Adaptive(Card.Text(done.Text), Card.Text(refusal, subtle: true)) }
            : outcome;

    private static InvokeResponse AsDialog(FormDefinition form, FormOutcome outcome) => outcome switch
    {
        FormOutcome.ShowCard shown => InvokeResponse.Dialog(form.DialogTitle, shown.Card),
        FormOutcome.Completed done => InvokeResponse.DialogMessage(done.Text),
        FormOutcome.Message said => InvokeResponse.DialogMessage(said.Text),
        _ => throw new InvalidOperationException($"Unknown form outcome {outcome.GetType().Name}."),
    };

    private static FormContext Context(TurnContext turn, FormDefinition form, FormHost host, JsonNode? data)
    {
        var submission = new FormSubmission(form.Verb, host, data as JsonObject ?? []);
        // Card data can be forged: a record id that HubSpot could not have given is refused here, before any form code
        // (or HubSpot path) sees it. A missing id is left to the form, which asks which record.
        if (submission.Data[FormKeys.RecordId] is not null && submission.Value(FormKeys.RecordId) is { } id && !RecordId.IsValid(id))
            throw new InvalidRecordIdException("record");
        return new(turn, submission);
    }

    /// <summary>The form's main button for its host: Action.Execute (with Submit fallback) inline, Action.Submit in a dialog.</summary>
    public static JsonObject Button(FormHost host, string title, string verb, JsonObject? data = null) =>
        host == FormHost.Inline ? Card.Execute(title, verb, data, Card.SendsInputs) : Card.Submit(title, verb, data, Card.SendsInputs);

    /// <summary>A form button that moves elsewhere (reload from HubSpot, open another form) without sending or
    /// validating what is typed.</summary>
    public static JsonObject NavigationButton(FormHost host, string title, string verb, JsonObject? data = null) =>
        host == FormHost.Inline ? Card.Execute(title, verb, data, Card.IgnoresInputs) : Card.Submit(title, verb, data, Card.IgnoresInputs);

    /// <summary>A button that opens the form for <paramref name="verb"/> in a dialog (task/fetch).</summary>
    public static JsonObject OpenDialogButton(string title, string verb, JsonObject? data = null) => RecordCards.OpenDialog(title, verb, data);
}
