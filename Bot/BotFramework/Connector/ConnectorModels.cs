using System.Text.Json.Nodes;
using HubSpotTeamsBot.BotFramework.Schema;

namespace HubSpotTeamsBot.BotFramework.Connector;

public sealed record ResourceResponse(string? Id);

/// <summary>One page of a conversation's or team's roster.</summary>
public sealed record PagedMembersResult(IReadOnlyList<ChannelAccount>? Members, string? ContinuationToken);

public sealed record ConversationResourceResponse(string? Id, string? ActivityId, string? ServiceUrl);

/// <summary>Body of <c>POST v3/conversations</c> for a proactive 1:1 chat (docs/teams-protocol.md, "Proactive 1:1 conversation").</summary>
public sealed record ConversationParameters(
    bool IsGroup,
    ChannelAccount Bot,
    IReadOnlyList<ChannelAccount> Members,
    string TenantId,
    JsonObject ChannelData,
    Activity? Activity = null)
{
    public static ConversationParameters Personal(string botId, string userId, string tenantId, Activity? first = null) => new(
        false,
        new ChannelAccount { Id = botId },
        [new ChannelAccount { Id = userId }],
        tenantId,
        new JsonObject { ["tenant"] = new JsonObject { ["id"] = tenantId } },
        first);
}

/// <summary>The connector refused or failed; <see cref="Code"/> is the connector's error code when it sent one.</summary>
public class ConnectorException(string message, int status, string? code) : Exception(message)
{
    public int Status { get; } = status;
    public string? Code { get; } = code;

    /// <summary>How long Teams asked the bot to wait (its <c>Retry-After</c>), when it said.</summary>
    public TimeSpan? RetryAfter { get; init; }
}

/// <summary>403 <c>MessageWritesBlocked</c>: the user blocked or removed the bot; nothing we send will reach them.</summary>
public sealed class UserUnreachableException(string message, string? code) : ConnectorException(message, 403, code);
