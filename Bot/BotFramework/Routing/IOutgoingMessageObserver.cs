using HubSpotTeamsBot.BotFramework.Schema;

namespace HubSpotTeamsBot.BotFramework.Routing;

/// <summary>
/// Sees every message a turn posts or updates in its conversation (through <see cref="TurnContext"/>): just before
/// (it may complete the message, e.g. a card's refresh audience) and after Teams took it, with the activity id. A
/// feature registers one to remember where its cards went; an observer's failure must not fail the send, so
/// implementations catch what they expect.
/// </summary>
public interface IOutgoingMessageObserver
{
    Task OnSendingAsync(TurnContext turn, Activity message);

    Task OnSentAsync(TurnContext turn, Activity message, string? activityId);
}
