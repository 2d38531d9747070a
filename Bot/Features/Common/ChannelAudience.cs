using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using HubSpotTeamsBot.BotFramework.Connector;
using HubSpotTeamsBot.BotFramework.Routing;
using HubSpotTeamsBot.BotFramework.Schema;
using HubSpotTeamsBot.Cards;
using Microsoft.Extensions.Options;

namespace HubSpotTeamsBot.Features.Common;

/// <summary>
/// Who sees a record card the bot posts. In a channel that is everyone in it, guests included, so the card says so;
/// with <see cref="RecordCardsOptions.PostInChannelsWithGuests"/> off, the card is not posted at all when the team has
/// guests (read from the roster, cached per team; a roster that cannot be read counts as having guests).
/// </summary>
public sealed partial class ChannelAudience(IOptions<RecordCardsOptions> options, TimeProvider clock, ILogger<ChannelAudience> logger)
{
    public const string Notice = "👥 Visible to everyone in this channel, guests included.";

    public const string Refusal = "This channel has guests, and your admins chose not to post HubSpot records in channels with guests " +
        "(setting RecordCards:PostInChannelsWithGuests). Ask me in a personal chat to see it.";

    private readonly ConcurrentDictionary<string, (bool HasGuests, DateTimeOffset Until)> _rosters = new(StringComparer.Ordinal);

    public static bool IsChannel(Activity activity) =>
        string.Equals(activity?.Conversation?.ConversationType, "channel", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// Null when <paramref name="card"/> may be posted in this conversation (in a channel the notice is added to it);
    /// otherwise the sentence to post instead.
    /// </summary>
    public async Task<string?> PrepareAsync(TurnContext turn, JsonObject card)
    {
        ArgumentNullException.ThrowIfNull(card);
        if (await RefusalAsync(turn) is { } refusal) return refusal;
        if (IsChannel(turn.Activity)) AddNotice(card);
        return null;
    }

    /// <summary>The sentence to answer instead of record cards here, or null when they may be shown (ask before
    /// searching HubSpot, so a refused place costs no HubSpot call).</summary>
    public async Task<string?> RefusalAsync(TurnContext turn)
    {
        ArgumentNullException.ThrowIfNull(turn);
        if (!IsChannel(turn.Activity) || options.Value.PostInChannelsWithGuests) return null;
        return await HasGuestsAsync(turn) ? Refusal : null;
    }

    /// <summary>
    /// For a route that answers with HubSpot records in the conversation (a form filled from a record, a pick list of
    /// names): when records may not be shown here, posts the reason and returns true. Call it after the role check and
    /// before any HubSpot call, so a refused channel costs no HubSpot request.
    /// </summary>
    public async Task<bool> RefusedAsync(TurnContext turn)
    {
        if (await RefusalAsync(turn) is not { } refusal) return false;
        await turn.SendTextAsync(refusal);
        return true;
    }

    /// <summary>Adds the "visible to everyone in this channel" line to a card (once).</summary>
    public static void AddNotice(JsonObject card)
    {
        ArgumentNullException.ThrowIfNull(card);
        if (card["body"] is not JsonArray body || body.Any(e => e?["id"]?.GetValue<string>() == "channelAudience")) return;
        var notice = Card.Text(Notice, subtle: true, size: "Small");
        notice["id"] = "channelAudience";
        notice["separator"] = true;
        body.Add(notice);
    }

    private async Task<bool> HasGuestsAsync(TurnContext turn)
    {
        var activity = turn.Activity;
        // A standard channel's roster is its team's; a conversation id carries ";messageid=" in replies.
        var roster = activity.ChannelData?["team"]?["id"]?.GetValue<string>() ?? activity.Conversation?.Id?.Split(';')[0];
        if (roster is null || activity.ServiceUrl is null) return true;
        var now = clock.GetUtcNow();
        if (_rosters.TryGetValue(roster, out var known) && known.Until > now) return known.HasGuests;
        bool hasGuests;
        try
        {
            hasGuests = await ReadHasGuestsAsync(turn, activity.ServiceUrl, roster);
        }
        catch (Exception e) when (e is ConnectorException or HttpRequestException or JsonException or TaskCanceledException)
        {
            LogRosterUnreadable(logger, e.GetType().Name);
            return true;
        }
        _rosters[roster] = (hasGuests, now + options.Value.RosterCacheDuration);
        return hasGuests;
    }

    private static async Task<bool> ReadHasGuestsAsync(TurnContext turn, string serviceUrl, string roster)
    {
        string? next = null;
        do
        {
            var page = await turn.Connector.GetPagedMembersAsync(serviceUrl, roster, next, turn.CancellationToken);
            foreach (var member in page.Members ?? [])
            {
                if (string.Equals(member.UserRole, "guest", StringComparison.OrdinalIgnoreCase)) return true;
                // A member from another tenant (shared channels, B2B direct connect) sees the card like a guest.
                if (member.Extra?.TryGetValue("tenantId", out var tenant) == true && tenant.ValueKind == JsonValueKind.String
                    && !string.Equals(tenant.GetString(), turn.TenantId, StringComparison.OrdinalIgnoreCase)) return true;
            }
            next = page.ContinuationToken;
        }
        while (!string.IsNullOrEmpty(next));
        return false;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not read the channel roster ({Error}); treating the channel as having guests")]
    private static partial void LogRosterUnreadable(ILogger logger, string error);
}
