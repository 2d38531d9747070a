using HubSpotTeamsBot.BotFramework.Routing;

namespace HubSpotTeamsBot.Features.Common;

/// <summary>
/// A part of the <c>status</c> answer that another feature owns (e.g. notification health): sent after the portal's
/// status card, each section deciding itself who may see it.
/// </summary>
public interface IStatusSection
{
    Task SendAsync(TurnContext turn);
}
