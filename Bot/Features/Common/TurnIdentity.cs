using HubSpotTeamsBot.BotFramework.Routing;
using HubSpotTeamsBot.Identity;

namespace HubSpotTeamsBot.Features.Common;

public static class TurnIdentity
{
    /// <summary>
    /// Who is acting: the activity's tenant and Entra object id. Teams guarantees both for signed-in users
    /// (docs/teams-protocol.md, "Fields the bot reads"); an activity without them is treated as nobody and refused by
    /// the guard.
    /// </summary>
    public static TeamsIdentity Who(this TurnContext turn) => new(
        turn.TenantId ?? string.Empty,
        turn.Activity.From?.EntraObjectId ?? string.Empty,
        turn.Activity.From?.Name,
        turn.Activity.From?.UserPrincipalName,
        IsGuest: null);
}
