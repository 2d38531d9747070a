using System.Text.Json.Nodes;

namespace Bot.Tests.Harness;

/// <summary>
/// Fixtures for every activity shape the bot handles (docs/teams-protocol.md, "Activity fields", "Invokes" and
/// "Sign-in flow"), as Teams sends them. Each returns a fresh
/// JSON object so tests can bend it (drop a field, change a type) before posting.
/// </summary>
public static class Activities
{
    public const string BotId = $"28:{ChannelSimulator.AppId}";
    public const string BotName = "HubSpot";

    public static JsonObject Message(string serviceUrl, TeamsConversation conversation, TeamsUser from, string text, bool mentionBot = false)
    {
        var activity = Base("message", serviceUrl, conversation, from);
        activity["text"] = mentionBot ? $"<at>{BotName}</at> {text}" : text;
        activity["textFormat"] = "plain";
        if (mentionBot)
        {
            activity["entities"]!.AsArray().Add(new JsonObject
            {
                ["type"] = "mention",
                ["text"] = $"<at>{BotName}</at>",
                ["mentioned"] = new JsonObject { ["id"] = BotId, ["name"] = BotName },
            });
        }
        return activity;
    }

    /// <summary>An Action.Submit from a card in chat: a message with <c>value</c> and no text (docs/teams-protocol.md, "Action.Submit from a card").</summary>
    public static JsonObject CardSubmit(string serviceUrl, TeamsConversation conversation, TeamsUser from, JsonObject value, string replyToId = "1700000000000")
    {
        var activity = Base("message", serviceUrl, conversation, from);
        activity["value"] = value;
        activity["replyToId"] = replyToId;
        activity["channelData"]!["source"] = new JsonObject { ["name"] = "message" };
        return activity;
    }

    public static JsonObject Invoke(string serviceUrl, TeamsConversation conversation, TeamsUser from, string name, JsonNode? value)
    {
        var activity = Base("invoke", serviceUrl, conversation, from);
        activity["name"] = name;
        activity["value"] = value;
        return activity;
    }

    public static JsonObject AdaptiveCardAction(string serviceUrl, TeamsConversation c, TeamsUser from, string verb, JsonObject? data = null) =>
        Invoke(serviceUrl, c, from, "adaptiveCard/action", new JsonObject
        {
            ["action"] = new JsonObject { ["type"] = "Action.Execute", ["id"] = "action-1", ["verb"] = verb, ["data"] = Data(verb, data) },
            ["trigger"] = "manual",
        });

    public static JsonObject TaskFetch(string serviceUrl, TeamsConversation c, TeamsUser from, string verb, JsonObject? data = null) =>
        Invoke(serviceUrl, c, from, "task/fetch", new JsonObject { ["data"] = WithMsTeams(Data(verb, data)), ["context"] = new JsonObject { ["theme"] = "default" } });

    public static JsonObject TaskSubmit(string serviceUrl, TeamsConversation c, TeamsUser from, string verb, JsonObject? data = null) =>
        Invoke(serviceUrl, c, from, "task/submit", new JsonObject { ["data"] = Data(verb, data), ["context"] = new JsonObject { ["theme"] = "default" } });

    public static JsonObject ComposeQuery(string serviceUrl, TeamsConversation c, TeamsUser from, string commandId, string? keyword, int skip = 0, int count = 25) =>
        Invoke(serviceUrl, c, from, "composeExtension/query", new JsonObject
        {
            ["commandId"] = commandId,
            ["parameters"] = new JsonArray(keyword is null
                ? new JsonObject { ["name"] = "initialRun", ["value"] = "true" }
                : new JsonObject { ["name"] = "searchKeyword", ["value"] = keyword }),
            ["queryOptions"] = new JsonObject { ["skip"] = skip, ["count"] = count },
        });

    public static JsonObject SignInVerifyState(string serviceUrl, TeamsConversation c, TeamsUser from, string code) =>
        Invoke(serviceUrl, c, from, "signin/verifyState", new JsonObject { ["state"] = code });

    public static JsonObject InstallationUpdate(string serviceUrl, TeamsConversation c, TeamsUser from, string action = "add")
    {
        var activity = Base("installationUpdate", serviceUrl, c, from);
        activity["action"] = action;
        return activity;
    }

    /// <summary>The bot was added to a team or chat (it appears in <c>membersAdded</c>).</summary>
    public static JsonObject BotAdded(string serviceUrl, TeamsConversation c, TeamsUser by)
    {
        var activity = Base("conversationUpdate", serviceUrl, c, by);
        activity["membersAdded"] = new JsonArray(new JsonObject { ["id"] = BotId });
        if (c.TeamId is not null) activity["channelData"]!["eventType"] = "teamMemberAdded";
        return activity;
    }

    private static JsonObject Base(string type, string serviceUrl, TeamsConversation conversation, TeamsUser from)
    {
        var channelData = new JsonObject { ["tenant"] = new JsonObject { ["id"] = conversation.TenantId } };
        if (conversation.TeamId is not null)
        {
            channelData["team"] = new JsonObject { ["id"] = conversation.TeamId, ["name"] = "Sales" };
            channelData["channel"] = new JsonObject { ["id"] = conversation.ChannelId, ["name"] = "General" };
        }
        return new JsonObject
        {
            ["type"] = type,
            ["id"] = $"f:{Guid.NewGuid():N}",
            ["timestamp"] = DateTimeOffset.UtcNow.ToString("O"),
            ["serviceUrl"] = serviceUrl,
            ["channelId"] = "msteams",
            ["from"] = new JsonObject { ["id"] = from.Id, ["name"] = from.Name, ["aadObjectId"] = from.AadObjectId },
            ["recipient"] = new JsonObject { ["id"] = BotId, ["name"] = BotName },
            ["conversation"] = new JsonObject
            {
                ["id"] = conversation.Id,
                ["conversationType"] = conversation.Type,
                ["tenantId"] = conversation.TenantId,
                ["isGroup"] = conversation.Kind != ConversationKind.Personal,
            },
            ["locale"] = "en-US",
            ["entities"] = new JsonArray(new JsonObject { ["type"] = "clientInfo", ["locale"] = "en-US", ["platform"] = "Web", ["timezone"] = "Europe/London" }),
            ["channelData"] = channelData,
        };
    }

    private static JsonObject Data(string verb, JsonObject? data)
    {
        var result = data?.DeepClone().AsObject() ?? [];
        result["verb"] = verb;
        return result;
    }

    private static JsonObject WithMsTeams(JsonObject data)
    {
        data["msteams"] = new JsonObject { ["type"] = "task/fetch" };
        return data;
    }
}
