using HubSpotTeamsBot.BotFramework.Routing;
using HubSpotTeamsBot.HubSpot;

namespace HubSpotTeamsBot.Features.Contacts;

/// <summary>
/// The HubSpot owner matching the person acting in Teams, by email from the connector's member lookup. A failed
/// lookup never fails the action: the owner just stays unset.
/// </summary>
public sealed class ActingOwner(HubSpotCrmClient crm, ILogger<ActingOwner> logger)
{
    public async Task<HubSpotOwner?> FindAsync(TurnContext turn)
    {
        var activity = turn.Activity;
        if (activity.ServiceUrl is null || activity.Conversation?.Id is null || activity.From?.Id is null || turn.TenantId is null) return null;
        try
        {
            var member = await turn.Connector.GetMemberAsync(activity.ServiceUrl, activity.Conversation.Id, activity.From.Id, turn.CancellationToken);
            var email = member.Email ?? member.UserPrincipalName;
            return string.IsNullOrWhiteSpace(email) ? null : await crm.GetOwnerByEmailAsync(turn.TenantId, email, turn.CancellationToken);
        }
        catch (Exception error) when (error is HttpRequestException or HubSpotException or InvalidOperationException or TaskCanceledException
                                      && !turn.CancellationToken.IsCancellationRequested)
        {
            logger.LogInformation("No HubSpot owner for the acting user: {Error}", error.GetType().Name);
            return null;
        }
    }
}
