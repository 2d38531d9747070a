using System.Text.Json.Nodes;
using Bot.Tests.Harness;

namespace Bot.Tests.Reliability;

/// <summary>Sends one activity and collects what Teams would show for it: the invoke's body and every reply the bot posted.</summary>
public static class SecurityExchange
{
    public static Task<(int Status, string Answer)> SendAsync(SecurityBotFixture bot, TeamsConversation chat, JsonObject activity) =>
        SendAsync(bot, bot.Turns, chat, activity);

    /// <summary>The same for any CRM bot whose turns <paramref name="turns"/> counts.</summary>
    public static async Task<(int Status, string Answer)> SendAsync(CrmBotFixture bot, FuzzTurnCounter turns, TeamsConversation chat, JsonObject activity)
    {
        var before = bot.Teams.Connector.Calls.Count;
        var isInvoke = activity["type"]!.GetValue<string>() == "invoke";
        using var response = await bot.Teams.PostAsync(activity);
        var body = await response.Content.ReadAsStringAsync();
        if (!isInvoke && response.IsSuccessStatusCode)
        {
            // A reply is a new message (POST) or, for a card button, the clicked card replaced (PUT).
            await bot.Teams.Connector.WaitForAsync(c => c.Method is "POST" or "PUT" && c.Path.Contains(Uri.EscapeDataString(chat.Id), StringComparison.Ordinal)
                && bot.Teams.Connector.Calls.ToList().IndexOf(c) >= before);
            // A queued turn may post more than once; let it finish. An invoke's turn is over when its answer is.
            await turns.WaitForQuietAsync(TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(10));
        }
        var replies = bot.Teams.Connector.Calls.Skip(before).Select(c => c.Body?.ToJsonString() ?? string.Empty);
        return ((int)response.StatusCode, string.Join("\n", replies.Prepend(body)));
    }
}
