using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Bot.Tests.Harness;

/// <summary>
/// The Bot Connector's REST surface as the bot sees it: records every call and answers like Teams, or with
/// scripted failures (to exercise retries and the 401 token refresh).
/// </summary>
public sealed class FakeConnector
{
    private readonly ConcurrentQueue<ConnectorCall> _calls = new();
    private readonly ConcurrentQueue<(int Status, string? Body, string? RetryAfter)> _scripted = new();
    private int _nextId;

    private readonly ConcurrentDictionary<string, TeamsUser> _members = new();

    public IReadOnlyCollection<ConnectorCall> Calls => _calls;

    /// <summary>Makes the member lookup (docs/teams-protocol.md, "Member lookup") answer for this user with their email and UPN.</summary>
    public void AddMember(TeamsUser user) => _members[user.Id] = user;

    private readonly ConcurrentDictionary<string, (TeamsUser User, string Role)[]> _rosters = new(StringComparer.Ordinal);

    /// <summary>Makes the roster call (pagedmembers) of a team or conversation answer with these people and roles
    /// ("user", "guest"); an unknown roster answers 404.</summary>
    public void SetRoster(string conversationId, params (TeamsUser User, string Role)[] members) => _rosters[conversationId] = members;

    /// <summary>Benchmark hook: sees every call as it arrives (bench/PipelineBench times replies with it).</summary>
    public Action<ConnectorCall>? OnCall { get; set; }

    /// <summary>Benchmark hook: off, calls are only passed to <see cref="OnCall"/>, so a long run holds no replies.</summary>
    public bool RecordCalls { get; set; } = true;

    /// <summary>The next calls get these answers, in order, before normal service resumes.</summary>
    public void FailNext(int status, string? body = null, string? retryAfter = null, int times = 1)
    {
        for (var i = 0; i < times; i++) _scripted.Enqueue((status, body, retryAfter));
    }

    /// <summary>Waits until a call matching <paramref name="match"/> has arrived (or fails after the timeout).</summary>
    public async Task<ConnectorCall> WaitForAsync(Func<ConnectorCall, bool> match, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(10));
        while (true)
        {
            var found = _calls.FirstOrDefault(match);
            if (found is not null) return found;
            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero) throw new TimeoutException($"No matching connector call; saw {_calls.Count}: {string.Join(", ", _calls.Select(c => $"{c.Method} {c.Path}"))}");
            await Task.Delay(TimeSpan.FromMilliseconds(10));
        }
    }

    /// <summary>Waits for a message posted into <paramref name="conversationId"/>.</summary>
    public Task<ConnectorCall> WaitForMessageAsync(string conversationId, Func<ConnectorCall, bool>? match = null, TimeSpan? timeout = null) =>
        WaitForAsync(c => c.Method == "POST" && c.Path.Contains(Uri.EscapeDataString(conversationId), StringComparison.Ordinal) && (match?.Invoke(c) ?? true), timeout);

    internal void Map(WebApplication app) => app.Map("/connector/{**path}", HandleAsync);

    private async Task HandleAsync(HttpContext http)
    {
        JsonObject? body = null;
        if (http.Request.ContentLength is > 0 || http.Request.Headers.TransferEncoding.Count > 0)
            body = await JsonNode.ParseAsync(http.Request.Body) as JsonObject;
        // The raw target, as sent: tests check that the bot escaped the conversation id (docs/teams-protocol.md, "Connector REST API").
        var raw = http.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpRequestFeature>()!.RawTarget;
        var path = raw["/connector/".Length..].Split('?')[0];
        var call = new ConnectorCall(http.Request.Method, path, http.Request.Headers.Authorization.FirstOrDefault(), body) { UserAgent = http.Request.Headers.UserAgent.ToString() };
        if (RecordCalls)
        {
            _calls.Enqueue(call);
            CardCapture.SaveAll(body, CardCapture.RouteOf(http.Request.Method, body));
        }
        OnCall?.Invoke(call);

        if (_scripted.TryDequeue(out var failure))
        {
            call.Status = failure.Status;
            http.Response.StatusCode = failure.Status;
            if (failure.RetryAfter is not null) http.Response.Headers.RetryAfter = failure.RetryAfter;
            if (failure.Body is not null) await http.Response.WriteAsync(failure.Body);
            return;
        }

        var id = Interlocked.Increment(ref _nextId).ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (http.Request.Method == "POST" && path.TrimEnd('/') == "v3/conversations")
        {
            await http.Response.WriteAsJsonAsync(new { id = $"a:proactive-{id}", activityId = id });
            return;
        }
        if (http.Request.Method == "GET" && path.EndsWith("/pagedmembers", StringComparison.Ordinal))
        {
            var conversation = Uri.UnescapeDataString(path["v3/conversations/".Length..^"/pagedmembers".Length]);
            if (!_rosters.TryGetValue(conversation, out var roster))
            {
                http.Response.StatusCode = 404;
                await http.Response.WriteAsJsonAsync(new { error = new { code = "ConversationNotFound", message = "Conversation not found" } });
                return;
            }
            await http.Response.WriteAsJsonAsync(new
            {
                members = roster.Select(m => new
                {
                    id = m.User.Id, objectId = m.User.AadObjectId, name = m.User.Name, tenantId = m.User.TenantId, userRole = m.Role,
                }),
            });
            return;
        }
        if (http.Request.Method == "GET" && path.Contains("/members/", StringComparison.Ordinal))
        {
            var member = Uri.UnescapeDataString(path[(path.LastIndexOf('/') + 1)..]);
            if (!_members.TryGetValue(member, out var user))
            {
                http.Response.StatusCode = 404;
                await http.Response.WriteAsJsonAsync(new { error = new { code = "ConversationNotFound", message = "Member not found" } });
                return;
            }
            await http.Response.WriteAsJsonAsync(new
            {
                id = user.Id, objectId = user.AadObjectId, name = user.Name, email = user.Email,
                userPrincipalName = user.Email, tenantId = user.TenantId, userRole = "user",
            });
            return;
        }
        await http.Response.WriteAsJsonAsync(new { id });
    }
}
