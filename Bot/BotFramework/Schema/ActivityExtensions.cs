using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace HubSpotTeamsBot.BotFramework.Schema;

public static partial class ActivityExtensions
{
    /// <summary>Tenant: Teams always sends <c>channelData.tenant.id</c>; <c>conversation.tenantId</c> is the fallback.</summary>
    public static string? TenantId(this Activity activity) =>
        TeamsChannelData.From(activity.ChannelData).TenantId ?? activity.Conversation?.TenantId;

    public static TeamsChannelData Teams(this Activity activity) => TeamsChannelData.From(activity.ChannelData);

    public static bool IsInvoke(this Activity activity) =>
        string.Equals(activity.Type, ActivityTypes.Invoke, StringComparison.Ordinal);

    /// <summary>An Action.Submit from a card in chat arrives as a message with a value and no text (docs/teams-protocol.md, "Action.Submit from a card").</summary>
    public static bool IsCardSubmit(this Activity activity) =>
        string.Equals(activity.Type, ActivityTypes.Message, StringComparison.Ordinal)
        && string.IsNullOrWhiteSpace(activity.Text)
        && activity.Value is JsonObject;

    /// <summary>
    /// The user's text without the bot's own @mention(s) (docs/teams-protocol.md, "Mentions"), with the whitespace and
    /// <c>&amp;nbsp;</c> Teams puts around mentions folded away.
    /// </summary>
    public static string TextWithoutBotMention(this Activity activity)
    {
        var text = activity.Text ?? string.Empty;
        foreach (var entity in activity.Entities ?? [])
        {
            if (!string.Equals(entity.Str("type"), "mention", StringComparison.OrdinalIgnoreCase)) continue;
            if (!string.Equals(entity.Str("mentioned", "id"), activity.Recipient?.Id, StringComparison.OrdinalIgnoreCase)) continue;
            var mentionText = entity.Str("text") ?? $"<at>{entity.Str("mentioned", "name")}</at>";
            text = text.Replace(mentionText, " ", StringComparison.OrdinalIgnoreCase);
        }
        text = text.Replace("&nbsp;", " ", StringComparison.OrdinalIgnoreCase);
        return Whitespace().Replace(text, " ").Trim();
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
