using HubSpotTeamsBot.BotFramework.Routing;

namespace HubSpotTeamsBot.Features.Conversations;

public static class ConversationsServiceCollectionExtensions
{
    /// <summary>Records each conversation's reference (for proactive messages) on every turn.</summary>
    public static IServiceCollection AddConversations(this IServiceCollection services)
    {
        services.AddSingleton<IBotFeature, ConversationRecorder>();
        return services;
    }
}
