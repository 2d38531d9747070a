using System.Net;
using System.Security.Claims;
using System.Text.Json;
using HubSpotTeamsBot.BotFramework.Auth;
using HubSpotTeamsBot.BotFramework.Invokes;
using HubSpotTeamsBot.BotFramework.Limits;
using HubSpotTeamsBot.BotFramework.Queue;
using HubSpotTeamsBot.BotFramework.Routing;
using HubSpotTeamsBot.BotFramework.Schema;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;

namespace HubSpotTeamsBot.BotFramework.Hosting;

/// <summary>
/// <c>POST /api/messages</c>: authenticate → parse → check the activity against its token → answer an invoke
/// inline within the budget, or queue anything else and answer 202 (docs/teams-protocol.md, "HTTP answers";
/// docs/ARCHITECTURE.md, "Flow of one turn").
/// </summary>
public static class BotMessagesEndpoint
{
    public const string PlaygroundHeader = "x-ms-agents-playground";

    /// <summary>Teams conversation ids are a few hundred characters at most (docs/teams-protocol.md, "Fields the bot reads"); this leaves ample room.</summary>
    public const int MaxConversationIdLength = 2048;

    public static IEndpointConventionBuilder MapBotMessages(this IEndpointRouteBuilder app, string pattern = "/api/messages")
    {
        var options = app.ServiceProvider.GetRequiredService<IOptions<BotOptions>>().Value;
        if (options.Development.AcceptPlayground)
        {
            app.ServiceProvider.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(BotMessagesEndpoint))
                .LogWarning("Bot:Development:AcceptPlayground is on: unauthenticated Agents Playground requests from loopback are accepted");
        }
        return app.MapPost(pattern, HandleAsync);
    }

    private static async Task HandleAsync(HttpContext http, IOptions<BotOptions> botOptions, IActivityQueue queue, TurnRunner runner,
        ActivityRouter router, TrustedServiceUrls trusted, IHostApplicationLifetime lifetime, ILoggerFactory loggers, RepeatedLogLines repeated)
    {
        var options = botOptions.Value;
        var logger = loggers.CreateLogger(typeof(BotMessagesEndpoint));

        ClaimsPrincipal? principal = null;
        var playground = IsPlaygroundRequest(http, options);
        if (!playground)
        {
            var auth = await http.AuthenticateAsync(BotAuthentication.Scheme);
            if (!auth.Succeeded)
            {
                // The failure text from IdentityModel never contains the token (PII logging stays off).
                if (repeated.ShouldWrite("endpoint.unauthenticated", out var held))
                    logger.LogWarning("Refused an activity: {Reason} ({HeldBack} more refused since the last such line)", auth.Failure?.Message ?? "no bearer token", held);
                http.Response.StatusCode = StatusCodes.Status401Unauthorized;
                return;
            }
            principal = auth.Principal;
        }

        var (activity, badStatus, problem) = await ReadActivityAsync(http, options.MaxActivityBytes);
        if (activity is null)
        {
            await Problem(http, badStatus, problem);
            return;
        }

        if (principal is not null)
        {
            if (InboundActivityCheck.Check(principal, activity, options) is { } refusal)
            {
                if (repeated.ShouldWrite("endpoint.refused", out var held))
                    logger.LogWarning("Refused a {Type} activity: {Reason} ({HeldBack} more refused since the last such line)", activity.Type, refusal.Reason, held);
                http.Response.StatusCode = (int)refusal.Status;
                return;
            }
            trusted.Trust(activity.ServiceUrl!);
        }
        else if (!IsLoopback(activity.ServiceUrl))
        {
            if (repeated.ShouldWrite("endpoint.playground", out var held))
                logger.LogWarning("Refused a Playground activity whose serviceUrl is not loopback ({HeldBack} more since the last such line)", held);
            http.Response.StatusCode = StatusCodes.Status401Unauthorized;
            return;
        }

        if (activity.IsInvoke())
        {
            // A malformed value is refused before routing: a commandId that is a number must not read as "no such command" (501).
            var malformed = InvokePayloads.Read(activity).Problem;
            if (malformed is not null && repeated.ShouldWrite("endpoint.malformed-invoke", out var refused))
                logger.LogWarning("Refused a {Name} invoke: {Problem} ({HeldBack} more refused since the last such line)", activity.Name, malformed, refused);
            var response = malformed is not null ? InvokeResponse.BadRequest(malformed)
                : router.HandlesInvoke(activity) ? await RunInvokeAsync(activity, runner, options.InvokeBudget, logger, repeated, lifetime.ApplicationStopping)
                : InvokeResponse.NotImplemented;
            if (playground) response = PlaygroundInvokeAnswers.Adapt(activity, response, http.RequestServices.GetRequiredService<PlaygroundCards>());
            http.Response.StatusCode = response.Status;
            if (response.Body is not null) await http.Response.WriteAsJsonAsync(response.Body, BotJson.Options);
            return;
        }

        // 202 only once the activity is stored (durable queue) or held (memory queue); otherwise the channel retries.
        if (!await queue.TryEnqueueAsync(activity, http.RequestAborted))
        {
            // Under a flood or a storage outage this happens for every activity: one line per window, with the count.
            if (repeated.ShouldWrite("endpoint.queue-refused", out var held))
                logger.LogWarning("The activity queue did not take the activity; asking the channel to retry ({HeldBack} more since the last such line)", held);
            http.Response.Headers.RetryAfter = "1";
            http.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            return;
        }
        http.Response.StatusCode = StatusCodes.Status202Accepted;
    }

    private static async Task<InvokeResponse> RunInvokeAsync(Activity activity, TurnRunner runner, TimeSpan budget, ILogger logger, RepeatedLogLines repeated, CancellationToken stopping)
    {
        TurnContext? turn = null;
        var work = runner.RunAsync(activity, stopping, started => turn = started);
        using var timer = new CancellationTokenSource();
        var finished = await Task.WhenAny(work, Task.Delay(budget, timer.Token));
        if (finished == work) return await work;

        // Teams would show "Unable to reach app" soon; answer now and let the handler post its result later.
        if (turn is not null) turn.InvokeBudgetExceeded = true;
        Telemetry.BotMetrics.InvokeBudgetOverruns.Add(1);
        // A slow HubSpot makes every invoke overrun: the metric counts each one, the log says it once per window.
        if (repeated.ShouldWrite("endpoint.invoke-budget", out var held))
            logger.LogWarning("Invoke {Name} ran past the {Budget} budget; answered with a still-working response ({HeldBack} more since the last such line)", activity.Name, budget, held);
        _ = work.ContinueWith(t => logger.LogError(t.Exception, "Late invoke {Name} failed", activity.Name),
            CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
        return InvokeFallbacks.StillWorking(activity);
    }

    private static async Task<(Activity? Activity, int Status, string Problem)> ReadActivityAsync(HttpContext http, int maxBytes)
    {
        if (http.Request.ContentLength > maxBytes) return (null, StatusCodes.Status413PayloadTooLarge, "The activity is too large.");
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit) limit.MaxRequestBodySize = maxBytes;
        try
        {
            var activity = await JsonSerializer.DeserializeAsync<Activity>(http.Request.Body, BotJson.Options, http.RequestAborted);
            if (activity is null || string.IsNullOrWhiteSpace(activity.Type)) return (null, StatusCodes.Status400BadRequest, "The activity has no type.");
            if (string.IsNullOrWhiteSpace(activity.Conversation?.Id)) return (null, StatusCodes.Status400BadRequest, "The activity has no conversation id.");
            // Every reply puts the id in the connector URL; one far longer than any Teams id could never be answered.
            if (activity.Conversation.Id.Length > MaxConversationIdLength) return (null, StatusCodes.Status400BadRequest, "The activity's conversation id is too long.");
            if (!Uri.TryCreate(activity.ServiceUrl, UriKind.Absolute, out var serviceUrl) || serviceUrl.Scheme is not ("https" or "http"))
                return (null, StatusCodes.Status400BadRequest, "The activity has no valid serviceUrl.");
            return (activity, 0, string.Empty);
        }
        catch (JsonException)
        {
            return (null, StatusCodes.Status400BadRequest, "The body is not a valid activity.");
        }
        catch (ArgumentException)
        {
            // System.Text.Json reports a repeated key inside a JsonObject member (value, entities, channelData) as an
            // ArgumentException rather than a JsonException; it is the same bad body (found by the reliability fuzzing).
            return (null, StatusCodes.Status400BadRequest, "The body is not a valid activity.");
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return (null, StatusCodes.Status413PayloadTooLarge, "The activity is too large.");
        }
    }

    private static Task Problem(HttpContext http, int status, string detail)
    {
        http.Response.StatusCode = status;
        return http.Response.WriteAsJsonAsync(new { error = detail });
    }

    private static bool IsPlaygroundRequest(HttpContext http, BotOptions options) =>
        options.Development.AcceptPlayground
        && string.Equals(http.Request.Headers[PlaygroundHeader], "true", StringComparison.OrdinalIgnoreCase)
        && !http.Request.Headers.ContainsKey("Authorization")
        && http.Connection.RemoteIpAddress is { } remote && IPAddress.IsLoopback(remote);

    private static bool IsLoopback(string? url) => Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.IsLoopback;
}
