using System.Collections.Concurrent;
using System.Text.Json;
using HubSpotTeamsBot.BotFramework.Connector;
using HubSpotTeamsBot.BotFramework.Routing;
using HubSpotTeamsBot.Features.Common;
using Microsoft.Extensions.Options;

namespace HubSpotTeamsBot.Features.Notifications;

/// <summary>
/// Whether a conversation has more members than a card refresh may reach without naming users (Teams: 60). Personal
/// chats never do; channels count their team's roster, group chats their own, read page by page only until the limit is
/// passed and cached per roster for <see cref="RecordCardsOptions.RosterCacheDuration"/>. A roster that cannot be read
/// counts as large: naming the user then still refreshes the card for them, where leaving it out could refresh it for nobody.
/// </summary>
public sealed partial class ConversationSize(IOptions<RecordCardsOptions> options, TimeProvider clock, ILogger<ConversationSize> logger)
{
    /// <summary>Teams refreshes a card for everyone automatically only in conversations of at most this many members.</summary>
    public const int AutomaticRefreshMembers = 60;

    private const int MaxRosterIdLength = 512;
    private const int MaxPages = 10;
    private static readonly TimeSpan RosterBudget = TimeSpan.FromSeconds(2);

    private readonly ConcurrentDictionary<string, (bool Large, DateTimeOffset Until)> _rosters = new(StringComparer.Ordinal);

    public async Task<bool> IsLargeAsync(TurnContext turn)
    {
        ArgumentNullException.ThrowIfNull(turn);
        var activity = turn.Activity;
        if (string.Equals(activity.Conversation?.ConversationType, "personal", StringComparison.OrdinalIgnoreCase)) return false;
        var roster = activity.ChannelData?["team"]?["id"]?.GetValue<string>() ?? activity.Conversation?.Id?.Split(';')[0];
        if (roster is null || roster.Length > MaxRosterIdLength || activity.ServiceUrl is null) return true;
        var now = clock.GetUtcNow();
        if (_rosters.TryGetValue(roster, out var known) && known.Until > now) return known.Large;
        bool large;
        // Bounded: the card is about to be sent, and a slow roster must not hold the turn up.
        using var bound = CancellationTokenSource.CreateLinkedTokenSource(turn.CancellationToken);
        bound.CancelAfter(RosterBudget);
        try
        {
            large = await CountsMoreThanAsync(turn, activity.ServiceUrl, roster, AutomaticRefreshMembers, bound.Token);
        }
        catch (Exception e) when (!turn.CancellationToken.IsCancellationRequested
            && e is ConnectorException or HttpRequestException or JsonException or OperationCanceledException or UriFormatException or ArgumentException)
        {
            LogRosterUnreadable(logger, e.GetType().Name);
            return true;
        }
        _rosters[roster] = (large, now + options.Value.RosterCacheDuration);
        return large;
    }

    private static async Task<bool> CountsMoreThanAsync(TurnContext turn, string serviceUrl, string roster, int limit, CancellationToken ct)
    {
        var count = 0;
        var pages = 0;
        string? next = null;
        do
        {
            var page = await turn.Connector.GetPagedMembersAsync(serviceUrl, roster, next, ct);
            count += page.Members?.Count ?? 0;
            if (count > limit) return true;
            // A continuation token that does not move on would page for ever.
            next = page.ContinuationToken == next ? null : page.ContinuationToken;
        }
        while (!string.IsNullOrEmpty(next) && ++pages < MaxPages);
        return false;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Could not count the conversation's members ({Error}); record card refreshes name the user")]
    private static partial void LogRosterUnreadable(ILogger logger, string error);
}
