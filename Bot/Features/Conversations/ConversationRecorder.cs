using HubSpotTeamsBot.BotFramework.Routing;
using HubSpotTeamsBot.Storage;
using Microsoft.Extensions.Caching.Memory;

namespace HubSpotTeamsBot.Features.Conversations;

/// <summary>
/// Keeps a conversation reference for every conversation and user the bot hears from (serviceUrl can change, so
/// every activity refreshes it), so proactive messages — such as "the HubSpot link is broken" — reach people.
/// A reference this instance wrote in the last <see cref="Unchanged"/> with the same values is not written again:
/// that write was one of the three storage requests every turn made (measured in bench/).
/// </summary>
public sealed class ConversationRecorder(ConversationReferenceStore store, IMemoryCache recent, ILogger<ConversationRecorder> logger) : IBotFeature
{
    private static readonly TimeSpan Unchanged = TimeSpan.FromMinutes(10);

    public void MapRoutes(BotRoutes routes) => routes.Use(RecordAsync);

    private async Task RecordAsync(TurnContext turn, Func<Task> next)
    {
        var a = turn.Activity;
        if (turn.TenantId is { Length: > 0 } tenant && a.Conversation?.Id is { Length: > 0 } conversation && a.ServiceUrl is { Length: > 0 } serviceUrl)
        {
            var reference = new ConversationReference
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
            };
            var key = (nameof(ConversationRecorder), tenant, conversation, reference.UserAadObjectId);
            try
            {
                if (!recent.TryGetValue(key, out ConversationReference? written) || written != reference)
                {
                    await store.SaveAsync(reference, turn.CancellationToken);
                    recent.Set(key, reference, Unchanged);
                }
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
