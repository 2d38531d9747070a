using System.Net;
using System.Text.Json.Nodes;
using Bot.Tests.Harness;
using HubSpotTeamsBot.BotFramework.Routing;

namespace Bot.Tests.Reliability;

/// <summary>
/// One person clicking and typing against the real bot over HTTP, each action in a conversation of its own so a late
/// answer (posted after "still working") is matched to the action that promised it.
/// </summary>
public sealed class FaultUser(CrmBotFixture bot, TeamsUser user)
{
    /// <summary>How long a person waits for a promised late answer before calling it silence.</summary>
    private static readonly TimeSpan LateAnswerWait = TimeSpan.FromSeconds(20);

    public TeamsUser User => user;

    /// <summary>An inline Action.Execute click (adaptiveCard/action).</summary>
    public async Task<FaultAnswer> ExecuteAsync(TeamsConversation chat, JsonObject data)
    {
        var before = bot.Teams.Connector.Calls.Count;
        var (status, body) = await bot.Teams.InvokeAsync(Activities.AdaptiveCardAction(bot.Teams.ServiceUrl, chat, user, data["verb"]!.GetValue<string>(), data));
        if (status != HttpStatusCode.OK) return new FaultAnswer(FaultAnswerKind.Unclear, $"HTTP {(int)status}", null, false);
        var type = body?["type"]?.GetValue<string>();
        if (type == "application/vnd.microsoft.card.adaptive" && body!["value"] is JsonObject card)
            return FaultAnswer.Classify(Texts(card), card, late: false);
        var text = type == "application/vnd.microsoft.activity.message" ? body!["value"]?.GetValue<string>() ?? string.Empty : body?.ToJsonString() ?? "(no body)";
        return text == InvokeFallbacks.StillWorkingText ? await LateAnswerAsync(chat, before) : FaultAnswer.Classify(text, null, late: false);
    }

    /// <summary>A dialog's Action.Submit (task/submit): a re-shown form, or a sentence while the result card is posted.</summary>
    public async Task<FaultAnswer> DialogSubmitAsync(TeamsConversation chat, JsonObject data)
    {
        var before = bot.Teams.Connector.Calls.Count;
        var (status, body) = await bot.Teams.InvokeAsync(Activities.TaskSubmit(bot.Teams.ServiceUrl, chat, user, data["verb"]!.GetValue<string>(), data));
        if (status != HttpStatusCode.OK) return new FaultAnswer(FaultAnswerKind.Unclear, $"HTTP {(int)status}", null, false);
        var task = body?["task"];
        if (task?["type"]?.GetValue<string>() == "continue" && task["value"]?["card"]?["content"] is JsonObject card)
            return FaultAnswer.Classify(Texts(card), card, late: false);
        var text = task?["type"]?.GetValue<string>() == "message" ? task["value"]?.GetValue<string>() ?? string.Empty : body?.ToJsonString() ?? "(no body)";
        return text == InvokeFallbacks.StillWorkingText ? await LateAnswerAsync(chat, before) : FaultAnswer.Classify(text, null, late: false);
    }

    /// <summary>A chat command; the answer is the bot's first message in the conversation.</summary>
    public async Task<FaultAnswer> SayAsync(TeamsConversation chat, string text)
    {
        var before = bot.Teams.Connector.Calls.Count;
        using var response = await bot.Teams.PostAsync(Activities.Message(bot.Teams.ServiceUrl, chat, user, text));
        if (response.StatusCode != HttpStatusCode.Accepted) return new FaultAnswer(FaultAnswerKind.Unclear, $"HTTP {(int)response.StatusCode}", null, false);
        var reply = await NextMessageAsync(chat, before);
        if (reply is null) return new FaultAnswer(FaultAnswerKind.Unclear, "(silence)", null, false);
        // A command that opens a form succeeded when the form arrived; its answer is judged by the form's heading.
        return reply.Card is { } card && IsForm(card)
            ? new FaultAnswer(FaultAnswerKind.Success, Texts(card), card, false)
            : FaultAnswer.Classify(reply.VisibleText, reply.Card, late: false);
    }

    /// <summary>A compose-box search: results, or a sentence.</summary>
    public async Task<FaultAnswer> SearchAsync(TeamsConversation chat, string keyword)
    {
        var (status, body) = await bot.Teams.InvokeAsync(Activities.ComposeQuery(bot.Teams.ServiceUrl, chat, user, "searchContacts", keyword));
        if (status != HttpStatusCode.OK) return new FaultAnswer(FaultAnswerKind.Unclear, $"HTTP {(int)status}", null, false);
        var result = body?["composeExtension"];
        return result?["type"]?.GetValue<string>() switch
        {
            "result" => new FaultAnswer(FaultAnswerKind.Success, $"{result["attachments"]?.AsArray().Count ?? 0} results", null, false),
            // "No contacts match …" is an answer too: the search ran.
            "message" when result["text"]?.GetValue<string>() is { } text && text.StartsWith("No contacts match", StringComparison.Ordinal)
                => new FaultAnswer(FaultAnswerKind.Success, text, null, false),
            "message" => FaultAnswer.Classify(result["text"]?.GetValue<string>() ?? string.Empty, null, false),
            _ => new FaultAnswer(FaultAnswerKind.Unclear, body?.ToJsonString() ?? "(no body)", null, false),
        };
    }

    private async Task<FaultAnswer> LateAnswerAsync(TeamsConversation chat, int before)
    {
        var reply = await NextMessageAsync(chat, before);
        return reply is null
            ? new FaultAnswer(FaultAnswerKind.Unclear, "(promised a result after \"still working\", then silence)", null, true)
            : FaultAnswer.Classify(reply.VisibleText, reply.Card, late: true);
    }

    private async Task<ConnectorCall?> NextMessageAsync(TeamsConversation chat, int before)
    {
        try
        {
            return await bot.Teams.Connector.WaitForMessageAsync(chat.Id, c => bot.Teams.Connector.Calls.ToList().IndexOf(c) >= before && c.Body?["type"]?.GetValue<string>() == "message", LateAnswerWait);
        }
        catch (TimeoutException)
        {
            return null;
        }
    }

    private static bool IsForm(JsonNode? node) => node switch
    {
        JsonObject o => o["type"] is JsonValue t && t.TryGetValue<string>(out var type) && type.StartsWith("Input.", StringComparison.Ordinal) || o.Any(p => IsForm(p.Value)),
        JsonArray a => a.Any(IsForm),
        _ => false,
    };

    /// <summary>Every text a person would read on a card, inputs' values included (to see that the form kept them).</summary>
    public static string Texts(JsonNode? node) => string.Join("\n", Strings(node));

    private static IEnumerable<string> Strings(JsonNode? node) => node switch
    {
        JsonObject o => o.SelectMany(p => p.Key is "text" or "title" or "value" && p.Value is JsonValue v && v.TryGetValue<string>(out var s) ? [s] : Strings(p.Value)),
        JsonArray a => a.SelectMany(Strings),
        _ => [],
    };
}
