using System.Net;
using System.Text.Json.Nodes;
using Bot.Tests.Harness;

namespace Bot.Tests.Features.MessageExtension;

/// <summary>
/// Sends message-extension invokes as Teams does, each in a fresh conversation. Test users hold direct grants: the
/// CRM fixture configures no Graph stub, so a default-role member would wait for graph.microsoft.com.
/// </summary>
public static class ComposeInvokes
{
    public static async Task<JsonNode?> QueryAsync(CrmBotFixture bot, TeamsUser user, string commandId, string? keyword, int skip = 0, int count = 25)
    {
        var (status, body) = await bot.Teams.InvokeAsync(Activities.ComposeQuery(bot.Teams.ServiceUrl, TeamsConversation.Personal(user), user, commandId, keyword, skip, count));
        Assert.Equal(HttpStatusCode.OK, status);
        return body;
    }

    public static async Task<JsonNode?> InvokeAsync(CrmBotFixture bot, TeamsUser user, string name, JsonNode value, Action<JsonObject>? bend = null)
    {
        var activity = Activities.Invoke(bot.Teams.ServiceUrl, TeamsConversation.Personal(user), user, name, value);
        bend?.Invoke(activity);
        var (status, body) = await bot.Teams.InvokeAsync(activity);
        Assert.Equal(HttpStatusCode.OK, status);
        return body;
    }

    /// <summary>Someone Teams sends without an Entra object id: the bot can't tell who it is, so they hold no role.</summary>
    public static void WithoutIdentity(JsonObject activity) => activity["from"]!.AsObject().Remove("aadObjectId");
}
