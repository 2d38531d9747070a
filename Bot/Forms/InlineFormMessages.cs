using System.Text.Json.Nodes;
using HubSpotTeamsBot.BotFramework.Routing;

namespace HubSpotTeamsBot.Forms;

/// <summary>A text command opens its form inline: the form's opener runs as for a card, and its answer is posted.</summary>
public static class InlineFormMessages
{
    public static FormContext Context(TurnContext turn, string verb, JsonObject? data = null) =>
        new(turn, new FormSubmission(verb, FormHost.Inline, data ?? []));

    public static Task SendAsync(TurnContext turn, FormOutcome outcome) => outcome switch
    {
        FormOutcome.ShowCard shown => turn.SendCardAsync(shown.Card),
        FormOutcome.Completed done => turn.SendCardAsync(done.ResultCard),
        FormOutcome.Message said => turn.SendTextAsync(said.Text),
        _ => throw new InvalidOperationException($"Unknown form outcome {outcome.GetType().Name}."),
    };
}
