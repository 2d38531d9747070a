using HubSpotTeamsBot.BotFramework.Routing;
using HubSpotTeamsBot.Storage;

namespace HubSpotTeamsBot.Features.Conversations;

/// <summary>
/// Keeps a conversation reference for every conversation and user the bot hears from (serviceUrl can change, so
/// every activity refreshes it), so proactive messages — such as "the HubSpot link is broken" — reach people.
/// </summary>
public sealed class ConversationRecorder(ConversationReferenceStore store, ILogger<ConversationRecorder> logger) : IBotFeature
{
    public void MapRoutes(BotRoutes routes) => routes.Use(RecordAsync);

    private async Task RecordAsync(TurnContext turn, Func<Task> next)
    {
        var a = turn.Activity;
        if (turn.TenantId is { Length: > 0 } tenant && a.Conversation?.Id is { Length: > 0 } conversation && a.ServiceUrl is { Length: > 0 } serviceUrl)
        {
            try
            {
                await store.SaveAsync(new ConversationReference
                {
                    TenantId = tenant,
                    ConversationId = conversation,
                    ConversationType = a.Conversation.ConversationType,
                    ServiceUrl = serviceUrl,
                    BotId = a.Recipient?.Id ?? string.Empty,
                    BotName = a.Recipient?.Name,
                    UserId = a.From?.Id,
                    UserAadObjectId = a.From?.EntraObjectId,
                    UserName = a.From?.Name,
                }, turn.CancellationToken);
            }
            catch (ArgumentException)
            {
                // Ids too long to store come from a malformed activity, never from Teams; the turn goes on without it.
                logger.LogWarning("Did not record a conversation reference: its ids or names are too long to store");
            }
            catch (StorageUnavailableException)
            {
                // The turn itself reports the outage if it needs storage; a missed refresh here is harmless.
                logger.LogWarning("Could not record the conversation reference: storage unavailable");
            }
        }
        await next();
    }
}
