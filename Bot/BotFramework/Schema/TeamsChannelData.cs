using System.Text.Json.Nodes;

namespace HubSpotTeamsBot.BotFramework.Schema;

/// <summary>The Teams-specific parts of <c>channelData</c> the bot reads: tenant, team and channel.</summary>
public sealed record TeamsChannelData(string? TenantId, string? TeamId, string? TeamName, string? ChannelId, string? ChannelName, string? EventType)
{
    public static TeamsChannelData From(JsonObject? channelData) => new(
        channelData.Str("tenant", "id"),
        channelData.Str("team", "id"),
        channelData.Str("team", "name"),
        channelData.Str("channel", "id"),
        channelData.Str("channel", "name"),
        channelData.Str("eventType"));
}
