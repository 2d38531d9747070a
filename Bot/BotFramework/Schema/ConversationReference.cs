namespace HubSpotTeamsBot.BotFramework.Schema;

/// <summary>What the bot needs to message a conversation later (reference §3.1 "What to persist").</summary>
public sealed record ConversationReference(
    string ServiceUrl,
    string ConversationId,
    string? ConversationType,
    string? TenantId,
    string? UserId,
    string? UserAadObjectId,
    string? UserName,
    string? BotId,
    string? ChannelId)
{
    public static ConversationReference? From(Activity activity) =>
        activity.ServiceUrl is { Length: > 0 } serviceUrl && activity.Conversation?.Id is { Length: > 0 } conversationId
            ? new(serviceUrl, conversationId, activity.Conversation.ConversationType, activity.TenantId(),
                activity.From?.Id, activity.From?.EntraObjectId, activity.From?.Name, activity.Recipient?.Id, activity.ChannelId)
            : null;
}
