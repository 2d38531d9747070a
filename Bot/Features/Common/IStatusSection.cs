using System.Text.Json.Nodes;
using HubSpotTeamsBot.BotFramework.Routing;

namespace HubSpotTeamsBot.Features.Common;

/// <summary>
/// A part of the <c>status</c> card that another feature owns (e.g. notification health): its card elements are added
/// under the portal's status, in the same message, each section deciding itself who may see it (none: no elements).
/// </summary>
public interface IStatusSection
{
    Task<IReadOnlyList<JsonNode>> BuildAsync(TurnContext turn);
}
