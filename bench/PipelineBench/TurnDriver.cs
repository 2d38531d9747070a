using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using Bot.Tests.Harness;

namespace PipelineBench;

/// <summary>How one turn ended: timestamps (Stopwatch ticks) and, if it failed, why.</summary>
internal readonly record struct TurnOutcome(long Sent, long Responded, long Finished, long Answered, string? Error)
{
    public bool Succeeded => Error is null;

    /// <summary>Request sent → reply received by the connector (or, for the ceiling, → HTTP answer).</summary>
    public TimeSpan Latency => Stopwatch.GetElapsedTime(Sent, Answered);
}

/// <summary>
/// Sends one authenticated turn to a target and waits for it to finish. A <c>help</c> message: the HTTP answer and,
/// for bots, the reply at the fake connector (a 202 alone is not a finished turn). A compose query: the HTTP 200
/// carrying a non-empty compose result list.
/// </summary>
internal sealed class TurnDriver(ChannelSimulator simulator, ReplyTracker replies, TimeSpan replyTimeout)
{
    /// <summary>The message extension's contact search command (manifest <c>composeExtensions</c>).</summary>
    public const string SearchContacts = "searchContacts";

    public async Task<TurnOutcome> RunAsync(HttpClient http, TargetProcess target, TeamsConversation conversation, TeamsUser user, string token)
    {
        // In a channel Teams delivers a message to the bot only when it is @mentioned.
        var body = Activities.Message(simulator.ServiceUrl, conversation, user, "help", mentionBot: conversation.Kind == ConversationKind.Channel).ToJsonString();
        var reply = target.Spec.RepliesToConnector ? replies.Expect(conversation.Id) : null;
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(target.BaseUri, "api/messages"))
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var sent = Stopwatch.GetTimestamp();
        try
        {
            using var response = await http.SendAsync(request);
            var responded = Stopwatch.GetTimestamp();
            if (!response.IsSuccessStatusCode)
            {
                if (reply is not null) replies.Forget(conversation.Id, reply);
                return new(sent, responded, responded, responded, $"HTTP {(int)response.StatusCode}");
            }
            if (reply is null) return new(sent, responded, responded, responded, null);
            var arrived = await reply.Task.WaitAsync(replyTimeout);
            return new(sent, responded, Math.Max(arrived, Stopwatch.GetTimestamp()), arrived, null);
        }
        catch (Exception e) when (e is HttpRequestException or TimeoutException or TaskCanceledException)
        {
            if (reply is not null) replies.Forget(conversation.Id, reply);
            var now = Stopwatch.GetTimestamp();
            return new(sent, now, now, now, e is TimeoutException ? "no reply" : e.GetType().Name);
        }
    }

    /// <summary>A contact search typed in the compose box; finished when its result list has arrived in the HTTP answer.</summary>
    public async Task<TurnOutcome> RunComposeAsync(HttpClient http, TargetProcess target, TeamsConversation conversation, TeamsUser user, string token, string keyword)
    {
        using var request = ComposeRequest(target, conversation, user, token, keyword);
        var sent = Stopwatch.GetTimestamp();
        try
        {
            using var response = await http.SendAsync(request);
            var answer = await response.Content.ReadAsByteArrayAsync();
            var answered = Stopwatch.GetTimestamp();
            var error = response.IsSuccessStatusCode ? ComposeAnswer.Check(answer).Error : $"HTTP {(int)response.StatusCode}";
            return new(sent, answered, answered, answered, error);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            var now = Stopwatch.GetTimestamp();
            return new(sent, now, now, now, e.GetType().Name);
        }
    }

    public HttpRequestMessage ComposeRequest(TargetProcess target, TeamsConversation conversation, TeamsUser user, string token, string keyword)
    {
        var body = Activities.ComposeQuery(simulator.ServiceUrl, conversation, user, SearchContacts, keyword).ToJsonString();
        var request = new HttpRequestMessage(HttpMethod.Post, new Uri(target.BaseUri, "api/messages"))
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return request;
    }

    public string MintToken() => simulator.MintToken();

    /// <summary>A well-formed channel token signed with a key the JWKS does not publish.</summary>
    public string MintForgedToken() => simulator.MintToken(new TokenSpec { Key = simulator.Keys.Unpublished });

    public static HttpClient CreateClient() => new(new SocketsHttpHandler
    {
        UseProxy = false,
        PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
        AllowAutoRedirect = false,
    })
    {
        Timeout = TimeSpan.FromSeconds(30),
    };
}
