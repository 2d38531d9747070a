using HubSpotTeamsBot.BotFramework.Routing;
using HubSpotTeamsBot.HubSpot;
using HubSpotTeamsBot.Identity;
using HubSpotTeamsBot.Storage;

namespace HubSpotTeamsBot.Features.Common;

/// <summary>What each known failure means for the person in the chat: what happened and what to do next.</summary>
public sealed class FailureMessages : IBotFeature
{
    public void MapRoutes(BotRoutes routes) => routes.OnError(Describe);

    public const string NotLinked = "HubSpot isn't connected yet. An admin can connect it by sending **connect** to me in a personal chat.";
    public const string LinkBroken = "The HubSpot connection has stopped working and an admin needs to reconnect it (send **connect** to me). Nothing was changed.";
    public const string HubSpotBusy = "HubSpot is busy right now, so nothing was changed. Please try again in a moment.";
    public const string HubSpotUnconfirmed = "HubSpot didn't confirm the save, so it may or may not have gone through. Press the button again in a moment: I'll check HubSpot first and won't save it twice.";

    public static string? Describe(Exception error) => error switch
    {
        PortalNotLinkedException => NotLinked,
        PortalLinkBrokenException => LinkBroken,
        HubSpotRateLimitedException or HubSpotUnavailableException => HubSpotBusy,
        HubSpotMissingScopesException => "The HubSpot connection is missing a permission this needs. An admin can reconnect with **connect** to grant it.",
        HubSpotAuthException => LinkBroken,
        StorageUnavailableException => "I can't reach my storage right now, so nothing was changed. Please try again in a minute.",
        DirectoryUnavailableException => "I can't check your role right now (Microsoft Entra ID is not answering), so nothing was changed. Please try again in a minute.",
        RoleChangeRefusedException refused => refused.Message,
        SearchTextTooLongException => $"That search text is too long: HubSpot searches at most {SearchLimits.MaxQueryLength:N0} characters. Please shorten it and try again.",
        InvalidRecordIdException invalid => $"That {invalid.What} id isn't one HubSpot could have given (HubSpot ids are whole numbers), so nothing was looked up or changed. Find the record again with **find** and use its buttons.",
        _ => null,
    };
}
