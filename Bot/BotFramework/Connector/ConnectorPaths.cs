namespace HubSpotTeamsBot.BotFramework.Connector;

/// <summary>The Bot Connector REST surface the bot uses (docs/teams-protocol.md, "Connector REST API"), with every path segment escaped.</summary>
internal static class ConnectorPaths
{
    public static string Activities(string conversationId) => $"v3/conversations/{E(conversationId)}/activities";

    public static string Activity(string conversationId, string activityId) =>
        $"v3/conversations/{E(conversationId)}/activities/{E(activityId)}";

    public const string Conversations = "v3/conversations";

    /// <summary>The roster, a page at a time (the unpaged roster call is retired).</summary>
    public static string PagedMembers(string conversationId, string? continuationToken) =>
        $"v3/conversations/{E(conversationId)}/pagedmembers?pageSize=500" + (continuationToken is null ? "" : $"&continuationToken={E(continuationToken)}");

    public static string Member(string conversationId, string memberId) =>
        $"v3/conversations/{E(conversationId)}/members/{E(memberId)}";

    private static string E(string segment) => Uri.EscapeDataString(segment);
}
