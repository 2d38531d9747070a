using System.Diagnostics;
using System.Text.Json.Nodes;
using Bot.Tests.Harness;
using Bot.Tests.Reliability;
using HubSpotTeamsBot.Forms;

namespace Bot.Tests.ScaleOut;

/// <summary>One action of the scripted workload: what was sent, what the channel acknowledged, what came back.</summary>
public sealed record ScaleOutAction(string User, string What, string ConversationId)
{
    public int Sent { get; set; }
    public int Acknowledged { get; set; }
    public int Replies { get; set; }
    public string? ContactEmail { get; init; }
    public TimeSpan LongestWait { get; set; }

    /// <summary>When the send that waited longest started (UTC), to line it up with the disruptions.</summary>
    public DateTime LongestWaitFrom { get; set; }
    public string LastAnswer { get; set; } = "";
}

/// <summary>
/// A person using the bot: `help`, a new contact through the chat form's Submit, `find` that contact, a second contact.
/// Every action is in a conversation of its own, so each reply belongs to exactly one action. Someone told to try
/// again (HubSpot busy, storage down) clicks Submit again — the same form, so the same submission id.
/// </summary>
public sealed class ScaleOutUser(SpreadingChannel channel, FakeConnector connector, TeamsUser user, string tag, int index)
{
    private static readonly TimeSpan AnswerWait = TimeSpan.FromSeconds(90);
    private const int MaxClicks = 6;

    public List<ScaleOutAction> Actions { get; } = [];

    public async Task RunAsync()
    {
        await SayAsync("help");
        await CreateContactAsync(1);
        await SayAsync($"find scale-{tag}-{index}-1@example.com");
        await CreateContactAsync(2);
    }

    private async Task SayAsync(string text)
    {
        var chat = TeamsConversation.Personal(user);
        var action = Track(new ScaleOutAction(user.Name, text.Split(' ')[0], chat.Id));
        await SendAsync(action, Activities.Message(channel.ServiceUrl, chat, user, text));
    }

    private async Task CreateContactAsync(int n)
    {
        var chat = TeamsConversation.Personal(user);
        var email = $"scale-{tag}-{index}-{n}@example.com";
        var action = Track(new ScaleOutAction(user.Name, "contact.create", chat.Id) { ContactEmail = email });
        var data = new JsonObject
        {
            ["verb"] = "contact.create", ["firstname"] = "Scale", ["lastname"] = $"{tag} {index} {n}", ["email"] = email,
            [FormKeys.SubmissionId] = Guid.NewGuid().ToString("N"),
        };
        for (var click = 0; click < MaxClicks; click++)
        {
            var answer = await SendAsync(action, Activities.CardSubmit(channel.ServiceUrl, chat, user, data.DeepClone().AsObject()));
            if (answer is null || !answer.AsksToRetry) return;
            await Task.Delay(TimeSpan.FromSeconds(1 + click));
        }
    }

    private ScaleOutAction Track(ScaleOutAction action)
    {
        Actions.Add(action);
        return action;
    }

    /// <summary>Sends one activity through the channel and waits for its reply; null when unacknowledged or silent.</summary>
    private async Task<FaultAnswer?> SendAsync(ScaleOutAction action, JsonObject activity)
    {
        var watch = Stopwatch.StartNew();
        var started = DateTime.UtcNow;
        action.Sent++;
        if (!await channel.DeliverAsync(activity)) return null;
        action.Acknowledged++;
        var expected = action.Acknowledged;
        var deadline = DateTime.UtcNow + AnswerWait;
        while (DateTime.UtcNow < deadline)
        {
            var replies = Replies(action.ConversationId);
            if (replies.Count >= expected)
            {
                if (watch.Elapsed > action.LongestWait) (action.LongestWait, action.LongestWaitFrom) = (watch.Elapsed, started);
                var reply = replies[expected - 1];
                var answer = FaultAnswer.Classify(reply.VisibleText, reply.Card, late: false);
                action.LastAnswer = answer.ToString();
                return answer;
            }
            await Task.Delay(50);
        }
        (action.LongestWait, action.LongestWaitFrom) = (AnswerWait, started);
        return null;
    }

    /// <summary>Messages the bot posted into the conversation, or put in place of the form (a chat form's result replaces it).</summary>
    public List<ConnectorCall> Replies(string conversationId) =>
        connector.Calls.Where(c => c.Method is "POST" or "PUT" && c.Body?["type"]?.GetValue<string>() == "message"
                                   && c.Path.Contains(Uri.EscapeDataString(conversationId), StringComparison.Ordinal)).ToList();
}
