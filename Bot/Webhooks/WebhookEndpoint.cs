using HubSpotTeamsBot.BotFramework;
using HubSpotTeamsBot.BotFramework.Limits;
using HubSpotTeamsBot.HubSpot;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;

namespace HubSpotTeamsBot.Webhooks;

/// <summary>
/// <c>POST /api/hubspot/webhooks</c>: HubSpot's webhook deliveries. Not behind the Bot Framework token (HubSpot sends
/// none); its own authentication is signature v3 with the HubSpot app's client secret. Checks in order, each refusal
/// logged (reason only, never a header value or the secret) and counted in <see cref="WebhookReceipts"/>:
/// no v3 signature or timestamp → 401; body over Webhooks:MaxBodyBytes → 413; timestamp more than 5 minutes off or
/// signature wrong → 401; not a JSON array of events → 400; every event of portals no tenant linked → 403. Otherwise
/// the events of linked portals are stored in the webhook queue and the answer is 200 — only after they are stored;
/// if storage does not take them, 503 with Retry-After, and HubSpot sends the batch again.
/// </summary>
public static class WebhookEndpoint
{
    public const string Path = "/api/hubspot/webhooks";

    public static IEndpointConventionBuilder MapHubSpotWebhooks(this IEndpointRouteBuilder app) => app.MapPost(Path, HandleAsync);

    private static async Task HandleAsync(HttpContext http, IOptions<HubSpotOptions> hubSpot, IOptions<BotOptions> bot, IOptions<WebhookOptions> options,
        IHostEnvironment environment, WebhookInbox inbox, WebhookPortals portals, WebhookReceipts receipts, RepeatedLogLines repeated,
        TimeProvider time, ILoggerFactory loggers)
    {
        var logger = loggers.CreateLogger(typeof(WebhookEndpoint));
        var request = http.Request;
        var secret = hubSpot.Value.ClientSecret;
        if (string.IsNullOrEmpty(secret))
        {
            Refuse(WebhookRefusal.NotConfigured, StatusCodes.Status401Unauthorized, "HubSpot:ClientSecret is not set, so no signature can be checked");
            return;
        }
        if (SignedUri(http, bot.Value, environment) is not { } uri)
        {
            Refuse(WebhookRefusal.NotConfigured, StatusCodes.Status401Unauthorized, "Bot:PublicBaseUrl is not set, so the URL HubSpot signed is unknown");
            return;
        }

        string? signature = request.Headers[WebhookSignature.SignatureHeader];
        string? timestamp = request.Headers[WebhookSignature.TimestampHeader];
        if (string.IsNullOrWhiteSpace(signature) || string.IsNullOrWhiteSpace(timestamp))
        {
            Refuse(WebhookRefusal.MissingSignature, StatusCodes.Status401Unauthorized, "no signature v3 or request timestamp");
            return;
        }

        var max = options.Value.MaxBodyBytes;
        if (request.ContentLength > max)
        {
            Refuse(WebhookRefusal.TooLarge, StatusCodes.Status413PayloadTooLarge, $"the body is over {max} bytes");
            return;
        }
        var body = await ReadBodyAsync(http, max);
        if (body is null)
        {
            Refuse(WebhookRefusal.TooLarge, StatusCodes.Status413PayloadTooLarge, $"the body is over {max} bytes");
            return;
        }

        switch (WebhookSignature.Verify(secret, request.Method, uri, body, timestamp, signature, time.GetUtcNow()))
        {
            case SignatureVerdict.Valid:
                break;
            case SignatureVerdict.StaleTimestamp or SignatureVerdict.BadTimestamp:
                Refuse(WebhookRefusal.StaleTimestamp, StatusCodes.Status401Unauthorized, "the request timestamp is more than 5 minutes off or unreadable");
                return;
            default:
                Refuse(WebhookRefusal.BadSignature, StatusCodes.Status401Unauthorized, "the signature v3 does not match the request");
                return;
        }

        var (events, problem) = WebhookBatchReader.Read(body);
        if (events is null)
        {
            Refuse(WebhookRefusal.Malformed, StatusCodes.Status400BadRequest, problem!);
            await http.Response.WriteAsJsonAsync(new { error = problem });
            return;
        }

        List<ReceivedEvent> linked = [];
        List<long> unknown = [];
        try
        {
            foreach (var portal in events.GroupBy(e => e.Event.PortalId))
            {
                if ((await portals.TenantsRecentAsync(portal.Key, http.RequestAborted)).Count > 0) linked.AddRange(portal);
                else unknown.Add(portal.Key);
            }
            if (linked.Count > 0) await inbox.StoreAsync(linked, http.RequestAborted);
        }
        catch (Exception e) when (e is not OperationCanceledException || !http.RequestAborted.IsCancellationRequested)
        {
            if (repeated.ShouldWrite("webhook.store-failed", out var held))
                logger.LogWarning("Could not store a HubSpot webhook batch ({Error}); answering 503 so HubSpot sends it again ({HeldBack} more since the last such line)", e.GetType().Name, held);
            http.Response.Headers.RetryAfter = "5";
            http.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            return;
        }

        foreach (var portal in linked.GroupBy(e => e.Event.PortalId)) receipts.Accepted(portal.Key, portal.Count());
        if (unknown.Count > 0)
        {
            var text = $"events of portal(s) {string.Join(", ", unknown)} that no tenant has linked";
            if (linked.Count == 0)
            {
                Refuse(WebhookRefusal.UnknownPortal, StatusCodes.Status403Forbidden, text);
                return;
            }
            // A batch mixing portals: the linked portals' events are stored, so the batch is acknowledged (a refusal
            // would make HubSpot send them again); the rest are dropped, as they would be alone.
            receipts.Refused(WebhookRefusal.UnknownPortal);
            if (repeated.ShouldWrite("webhook.refused.UnknownPortal", out var held))
                logger.LogWarning("Dropped {Text} from an accepted HubSpot webhook batch ({HeldBack} more since the last such line)", text, held);
        }
        http.Response.StatusCode = StatusCodes.Status200OK;

        void Refuse(WebhookRefusal reason, int status, string why)
        {
            receipts.Refused(reason);
            if (repeated.ShouldWrite("webhook.refused." + reason, out var held))
                logger.LogWarning("Refused a HubSpot webhook request ({Status} {Reason}): {Why} ({HeldBack} more such refusals since the last such line)", status, reason, why, held);
            http.Response.StatusCode = status;
        }
    }

    /// <summary>
    /// The URL HubSpot called, which it signed: the public base URL plus the request's path and query exactly as sent
    /// (behind App Service's front end the request Kestrel sees has another scheme and host). In Development and
    /// Testing without Bot:PublicBaseUrl, the request's own URL. Null when neither is known.
    /// </summary>
    internal static string? SignedUri(HttpContext http, BotOptions bot, IHostEnvironment environment)
    {
        var target = http.Features.Get<IHttpRequestFeature>()?.RawTarget;
        if (string.IsNullOrEmpty(target) || target[0] != '/') target = http.Request.PathBase + http.Request.Path + http.Request.QueryString;
        if (bot.PublicBaseUrl is { Length: > 0 } publicBase) return publicBase.TrimEnd('/') + target;
        return environment.IsDevelopment() || environment.IsEnvironment("Testing")
            ? $"{http.Request.Scheme}://{http.Request.Host.Value}{target}"
            : null;
    }

    /// <summary>The body, or null when it is longer than <paramref name="max"/> (a chunked body has no length up front).</summary>
    private static async Task<byte[]?> ReadBodyAsync(HttpContext http, int max)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await http.Request.Body.ReadAsync(chunk, http.RequestAborted)) > 0)
        {
            if (buffer.Length + read > max) return null;
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }
}
