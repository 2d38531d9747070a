using System.Text.RegularExpressions;
using HubSpotTeamsBot.BotFramework.Schema;

namespace HubSpotTeamsBot.Features.Help;

/// <summary>
/// A message that only carries a card someone inserted from the compose box (e.g. a record card from our message
/// extension) and sent to the bot. It is a share, not a command: its text is at most the host's placeholder markup
/// (the Agents Playground sends <c>&lt;span class="inline-compose-card"…&gt;</c>), so the bot should not answer it with help.
/// </summary>
internal static partial class SharedCardMessage
{
    public static bool Is(Activity activity, string text) =>
        activity.Attachments is { Count: > 0 } attachments
        && attachments.Any(a => a.ContentType?.StartsWith("application/vnd.microsoft.card.", StringComparison.OrdinalIgnoreCase) == true)
        && string.IsNullOrWhiteSpace(Markup().Replace(text, string.Empty));

    [GeneratedRegex("<[^>]*>")]
    private static partial Regex Markup();
}
