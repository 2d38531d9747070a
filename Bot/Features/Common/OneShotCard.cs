using HubSpotTeamsBot.BotFramework.Connector;
using HubSpotTeamsBot.BotFramework.Routing;
using HubSpotTeamsBot.BotFramework.Schema;
using HubSpotTeamsBot.Cards;

namespace HubSpotTeamsBot.Features.Common;

/// <summary>
/// A card whose buttons make sense once (a confirmation, a choice among candidates): the click's answer replaces the
/// card itself, so the used buttons are gone and the chat shows what was decided where it was asked.
/// </summary>
public static class OneShotCard
{
    /// <summary>Replaces the clicked card with <paramref name="outcome"/>; posts it instead when the turn is not a
    /// click on a card, or the card can no longer be replaced.</summary>
    public static async Task AnswerAsync(TurnContext turn, string outcome)
    {
        ArgumentNullException.ThrowIfNull(turn);
        var replyTo = turn.Activity.ReplyToId;
        if (turn.Activity.IsCardSubmit() && !string.IsNullOrEmpty(replyTo))
        {
            try
            {
                await turn.UpdateAsync(replyTo, Activity.Message(null, new Attachment { ContentType = ContentTypes.AdaptiveCard, Content = Card.Adaptive(Card.Text(outcome)) }));
                return;
            }
            catch (ConnectorException e) when (e.Status is 400 or 404 or 414)
            {
                // The card was deleted, or the id is not one Teams knows: the answer still belongs in the chat.
            }
        }
        await turn.SendTextAsync(outcome);
    }
}
