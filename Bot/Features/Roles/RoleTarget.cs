using HubSpotTeamsBot.BotFramework.Connector;
using HubSpotTeamsBot.BotFramework.Routing;
using HubSpotTeamsBot.BotFramework.Schema;
using HubSpotTeamsBot.Identity;
using HubSpotTeamsBot.Storage;

namespace HubSpotTeamsBot.Features.Roles;

/// <summary>
/// Resolves who a `role grant` / `role revoke` is about: an @mention (its Teams id is looked up in the roster for the
/// Entra object id — docs/teams-protocol.md, "Member lookup"), or text the directory understands (user@domain,
/// group:Name, an object id).
/// </summary>
public sealed class RoleTarget(RoleAssignments assignments)
{
    public async Task<PrincipalLookup> ResolveAsync(TurnContext turn, string text)
    {
        var mention = (turn.Activity.Entities ?? [])
            .Where(e => string.Equals(e.Str("type"), "mention", StringComparison.OrdinalIgnoreCase))
            .FirstOrDefault(e => e.Str("mentioned", "id") is { } id && !string.Equals(id, turn.Activity.Recipient?.Id, StringComparison.OrdinalIgnoreCase)
                && text.Contains(e.Str("text") ?? "\u0000", StringComparison.OrdinalIgnoreCase));
        if (mention is not null)
        {
            ChannelAccount member;
            try
            {
                member = await turn.Connector.GetMemberAsync(turn.Activity.ServiceUrl!, turn.Activity.Conversation!.Id!, mention.Str("mentioned", "id")!, turn.CancellationToken);
            }
            catch (ConnectorException)
            {
                // Not in this conversation's roster (a tag or channel mention, someone who left): nobody to grant to.
                return PrincipalLookup.NotFound("I couldn't find that person in this conversation.");
            }
            return member.EntraObjectId is { } objectId
                ? PrincipalLookup.Found(new Principal(objectId, PrincipalKind.User, member.Name ?? mention.Str("mentioned", "name")))
                : PrincipalLookup.NotFound("I couldn't find that person's Microsoft Entra account.");
        }
        return await assignments.FindPrincipalAsync(turn.TenantId ?? string.Empty, text.Trim(), turn.CancellationToken);
    }
}
