using HubSpotTeamsBot.BotFramework.Routing;
using HubSpotTeamsBot.Features.Common;
using HubSpotTeamsBot.Identity;
using HubSpotTeamsBot.Storage;

namespace HubSpotTeamsBot.Features.MessageExtension;

/// <summary>The outcome of <see cref="PortalGate"/>: the tenant's usable link, or the sentence explaining why not.</summary>
public sealed record GateResult(PortalLink? Link, string? Refusal)
{
    public bool Allowed => Link is not null;
}

/// <summary>
/// What every compose-box action checks first: the person's role (refusals audited by <see cref="AccessGuard"/>),
/// then that the tenant has a working HubSpot link.
/// </summary>
public sealed class PortalGate(AccessGuard guard, PortalLinkStore links)
{
    public const string NotLinked =
        "HubSpot isn't connected for your organisation yet, so there is nothing to search. An admin needs to connect it: they can send **connect** to the HubSpot bot in a personal chat.";

    public async Task<GateResult> CheckAsync(TurnContext turn, AppRole needed, string action)
    {
        ArgumentNullException.ThrowIfNull(turn);
        var access = await guard.CheckAsync(turn, needed, action);
        if (!access.Allowed)
        {
            return new GateResult(null, $"{access.RefusalMessage}. Until then HubSpot records can't be used from Teams.");
        }

        var link = string.IsNullOrEmpty(turn.TenantId) ? null : await links.GetRecentAsync(turn.TenantId, turn.CancellationToken);
        return link?.State switch
        {
            PortalLinkState.Linked => new GateResult(link, null),
            PortalLinkState.Broken => new GateResult(null, FailureMessages.LinkBroken),
            _ => new GateResult(null, NotLinked),
        };
    }
}
