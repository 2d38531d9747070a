using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using HubSpotTeamsBot.BotFramework.Auth;
using HubSpotTeamsBot.BotFramework.Hosting;
using HubSpotTeamsBot.BotFramework.Schema;
using Microsoft.Extensions.Options;

namespace HubSpotTeamsBot.BotFramework.Connector;

/// <summary>
/// Bot → Teams calls (docs/teams-protocol.md, "Connector REST API"). The bot's token goes only to service URLs that
/// arrived in a validated token
/// (or, with the Playground switch on, to a loopback connector, which wants no token). Transient failures
/// (429/412/502/504) are retried by the resilience handler registered with this client; a 401 gets one retry with
/// a freshly acquired token.
/// </summary>
public sealed class ConnectorClient(
    HttpClient http,
    BotTokenProvider tokens,
    TrustedServiceUrls trusted,
    IOptions<BotOptions> options,
    PlaygroundCards playgroundCards,
    ILogger<ConnectorClient> logger)
{
    public Task<ResourceResponse> SendAsync(string serviceUrl, string conversationId, Activity activity, CancellationToken ct = default) =>
        CallAsync<ResourceResponse>(HttpMethod.Post, serviceUrl, ConnectorPaths.Activities(conversationId), Outgoing(activity), ct);

    /// <summary>
    /// POSTs an activity without the client's retries of 429/412/502/504: for a caller that records "about to post"
    /// before each attempt and so must see each refusal (with its <see cref="ConnectorException.RetryAfter"/>) itself.
    /// </summary>
    public Task<ResourceResponse> SendWithoutRetriesAsync(string serviceUrl, string conversationId, Activity activity, CancellationToken ct = default) =>
        CallAsync<ResourceResponse>(HttpMethod.Post, serviceUrl, ConnectorPaths.Activities(conversationId), Outgoing(activity), ct, retries: false);

    /// <summary>Marks a request the resilience handler must not retry (see <see cref="SendWithoutRetriesAsync"/>).</summary>
    internal static readonly HttpRequestOptionsKey<bool> NoRetries = new("HubSpotTeamsBot.Connector.NoRetries");

    /// <summary>Whether the resilience handler may retry the request this response answers.</summary>
    internal static bool MayRetry(HttpResponseMessage? response) =>
        response?.RequestMessage is not { } request || !request.Options.TryGetValue(NoRetries, out var none) || !none;

    /// <summary>
    /// Gets the bot's token for <paramref name="serviceUrl"/> ready (from the cache when it is still valid), so that a
    /// send right after does no token round trip of its own: a caller that records "about to post" first keeps the
    /// time between that record and the POST short.
    /// </summary>
    public async Task PrepareAsync(string serviceUrl, CancellationToken ct = default)
    {
        var uri = new Uri(serviceUrl.TrimEnd('/') + "/");
        if (NeedsToken(uri, serviceUrl)) await tokens.GetTokenAsync(forceRefresh: false, ct);
    }

    public Task<ResourceResponse> ReplyAsync(string serviceUrl, string conversationId, string replyToId, Activity activity, CancellationToken ct = default)
    {
        activity.ReplyToId = replyToId;
        return CallAsync<ResourceResponse>(HttpMethod.Post, serviceUrl, ConnectorPaths.Activity(conversationId, replyToId), Outgoing(activity), ct);
    }

    public Task<ResourceResponse> UpdateAsync(string serviceUrl, string conversationId, string activityId, Activity activity, CancellationToken ct = default)
    {
        activity.Id = activityId;
        return CallAsync<ResourceResponse>(HttpMethod.Put, serviceUrl, ConnectorPaths.Activity(conversationId, activityId), activity, ct);
    }

    public Task DeleteAsync(string serviceUrl, string conversationId, string activityId, CancellationToken ct = default) =>
        CallAsync<JsonNode>(HttpMethod.Delete, serviceUrl, ConnectorPaths.Activity(conversationId, activityId), null, ct);

    public Task<ConversationResourceResponse> CreateConversationAsync(string serviceUrl, ConversationParameters parameters, CancellationToken ct = default) =>
        CallAsync<ConversationResourceResponse>(HttpMethod.Post, serviceUrl, ConnectorPaths.Conversations, parameters, ct);

    public Task<ChannelAccount> GetMemberAsync(string serviceUrl, string conversationId, string memberId, CancellationToken ct = default) =>
        CallAsync<ChannelAccount>(HttpMethod.Get, serviceUrl, ConnectorPaths.Member(conversationId, memberId), null, ct);

    public Task<PagedMembersResult> GetPagedMembersAsync(string serviceUrl, string conversationId, string? continuationToken = null, CancellationToken ct = default) =>
        CallAsync<PagedMembersResult>(HttpMethod.Get, serviceUrl, ConnectorPaths.PagedMembers(conversationId, continuationToken), null, ct);

    /// <summary>Spec A2031/A2041/A2302: the connector assigns id, timestamp and serviceUrl itself.</summary>
    private static Activity Outgoing(Activity activity)
    {
        activity.Id = null;
        activity.Timestamp = null;
        activity.ServiceUrl = null;
        return activity;
    }

    private async Task<T> CallAsync<T>(HttpMethod method, string serviceUrl, string path, object? body, CancellationToken ct, bool retries = true)
    {
        var uri = new Uri(new Uri(serviceUrl.TrimEnd('/') + "/"), path);
        var useToken = NeedsToken(uri, serviceUrl);
        if (!useToken && body is Activity outgoing) playgroundCards.Adapt(outgoing);
        var response = await SendOnceAsync(method, uri, body, useToken, forceRefresh: false, retries, ct);
        if (response.StatusCode == HttpStatusCode.Unauthorized && useToken)
        {
            // A cached token can be revoked or rotated before it expires; one fresh token settles it.
            response.Dispose();
            logger.LogInformation("Connector answered 401; retrying once with a fresh token");
            response = await SendOnceAsync(method, uri, body, useToken, forceRefresh: true, retries, ct);
        }
        using (response)
        {
            return await ReadAsync<T>(response, method, path, ct);
        }
    }

    private async Task<HttpResponseMessage> SendOnceAsync(HttpMethod method, Uri uri, object? body, bool useToken, bool forceRefresh, bool retries, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(method, uri);
        if (!retries) request.Options.Set(NoRetries, true);
        if (body is not null) request.Content = JsonContent.Create(body, body.GetType(), options: BotJson.Options);
        if (useToken)
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await tokens.GetTokenAsync(forceRefresh, ct));
        return await http.SendAsync(request, ct);
    }

    private bool NeedsToken(Uri uri, string serviceUrl)
    {
        // The Playground's loopback connector wants no token, whether the URL came with this turn or from a stored
        // conversation (a proactive card); with the switch off, loopback (the test simulator) is like any other host.
        if (options.Value.Development.AcceptPlayground && uri.IsLoopback) return false;
        if (trusted.IsTrusted(serviceUrl)) return true;
        throw new InvalidOperationException("Refusing to send the bot's token to a service URL that no validated token vouched for.");
    }

    private async Task<T> ReadAsync<T>(HttpResponseMessage response, HttpMethod method, string path, CancellationToken ct)
    {
        if (response.IsSuccessStatusCode)
        {
            if (response.Content.Headers.ContentLength == 0 || response.StatusCode == HttpStatusCode.NoContent) return default!;
            var text = await response.Content.ReadAsStringAsync(ct);
            return string.IsNullOrWhiteSpace(text) ? default! : JsonSerializer.Deserialize<T>(text, BotJson.Options)!;
        }

        var (code, message) = await ReadErrorAsync(response, ct);
        logger.LogWarning("Connector {Method} {Path} failed with {Status} {Code}", method, path, (int)response.StatusCode, code);
        if (response.StatusCode == HttpStatusCode.Forbidden && string.Equals(code, "MessageWritesBlocked", StringComparison.OrdinalIgnoreCase))
            throw new UserUnreachableException("The user has blocked or removed the bot.", code);
        throw new ConnectorException($"Teams refused the call ({(int)response.StatusCode} {code}): {message}", (int)response.StatusCode, code)
        {
            RetryAfter = response.Headers.RetryAfter switch
            {
                { Delta: { } delta } => delta,
                { Date: { } date } => date - DateTimeOffset.UtcNow,
                _ => null,
            },
        };
    }

    private static async Task<(string? Code, string? Message)> ReadErrorAsync(HttpResponseMessage response, CancellationToken ct)
    {
        try
        {
            var error = (await response.Content.ReadFromJsonAsync<JsonObject>(ct))?["error"];
            var subCode = error?["innerHttpError"]?["body"]?["subCode"]?.GetValue<string>();
            return (subCode ?? error?["code"]?.GetValue<string>(), error?["message"]?.GetValue<string>());
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or NotSupportedException)
        {
            return (null, response.ReasonPhrase);
        }
    }
}
