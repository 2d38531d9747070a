using HubSpotTeamsBot.BotFramework.Connector;
using HubSpotTeamsBot.BotFramework.Routing;
using HubSpotTeamsBot.HubSpot;

namespace HubSpotTeamsBot.Features.Common;

/// <summary>
/// The HubSpot owner that matches the person acting in Teams (by email / UPN, docs/hubspot-api.md, "Owners"). A failed
/// lookup never
/// fails the action: the record is then simply written without an owner.
/// </summary>
public sealed class ActingOwner(HubSpotCrmClient crm, ILogger<ActingOwner> logger)
{
    public async Task<HubSpotOwner?> FindAsync(TurnContext turn)
    {
        var tenantId = turn.TenantId;
        if (string.IsNullOrEmpty(tenantId)) return null;
        foreach (var email in await EmailsAsync(turn))
        {
            try
            {
                if (await crm.GetOwnerByEmailAsync(tenantId, email, turn.CancellationToken) is { Archived: false } owner) return owner;
            }
            catch (HubSpotException e)
            {
                logger.LogWarning("Owner lookup failed ({Status}, correlation {CorrelationId}); the record gets no owner.", e.StatusCode, e.CorrelationId);
                return null;
            }
        }
        return null;
    }

    /// <summary>The acting user's email(s): the roster's email and UPN first, the activity's UPN when the roster is unreachable.</summary>
    public async Task<IReadOnlyList<string>> EmailsAsync(TurnContext turn)
    {
        var found = new List<string?>();
        var activity = turn.Activity;
        if (activity.ServiceUrl is { } serviceUrl && activity.Conversation?.Id is { } conversationId && activity.From?.Id is { } userId)
        {
            try
            {
                var member = await turn.Connector.GetMemberAsync(serviceUrl, conversationId, userId, turn.CancellationToken);
                found.Add(member.Email);
                found.Add(member.UserPrincipalName);
            }
            catch (Exception e) when (e is HttpRequestException or InvalidOperationException or ConnectorException or TaskCanceledException)
            {
                logger.LogInformation("Member lookup failed ({Error}); falling back to the activity's UPN.", e.GetType().Name);
            }
        }
        found.Add(activity.From?.UserPrincipalName);
        return found.Where(e => !string.IsNullOrWhiteSpace(e) && e.Contains('@', StringComparison.Ordinal))
            .Select(e => e!.Trim()).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
    }
}
