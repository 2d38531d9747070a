using HubSpotTeamsBot.BotFramework.Routing;
using HubSpotTeamsBot.Identity;
using HubSpotTeamsBot.Storage;

namespace HubSpotTeamsBot.Features.Common;

/// <summary>What each known failure means for the person in the chat: what happened and what to do next.</summary>
public sealed class FailureMessages : IBotFeature
{
    public void MapRoutes(BotRoutes routes) => routes.OnError(Describe);

    public static string? Describe(Exception error) => error switch
    {
        StorageUnavailableException => "I can't reach my storage right now, so nothing was changed. Please try again in a minute.",
        DirectoryUnavailableException => "I can't check your role right now (Microsoft Entra ID is not answering), so nothing was changed. Please try again in a minute.",
        RoleChangeRefusedException refused => refused.Message,
        _ => null,
    };
}
