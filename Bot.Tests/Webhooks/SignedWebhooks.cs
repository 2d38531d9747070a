using System.Globalization;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace Bot.Tests.Webhooks;

/// <summary>
/// Plays HubSpot's webhook sender in tests: builds event batches and signs them with signature v3, written here from
/// HubSpot's rule (not with the bot's own code, so a mistake in the bot's verifier cannot hide behind the same one).
/// </summary>
public static class SignedWebhooks
{
    public const string Secret = "webhook-test-client-secret-7f3a";
    private static long _nextEventId = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() * 10;

    public static long NextEventId() => Interlocked.Increment(ref _nextEventId);

    public static JsonObject Event(long portalId, string subscriptionType = "deal.propertyChange", long? eventId = null, long objectId = 1001,
        long? occurredAt = null, string? propertyName = "dealstage", string? propertyValue = "contractsent") => new()
    {
        ["eventId"] = eventId ?? NextEventId(),
        ["subscriptionId"] = 4242,
        ["portalId"] = portalId,
        ["appId"] = 777,
        ["occurredAt"] = occurredAt ?? DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(),
        ["subscriptionType"] = subscriptionType,
        ["attemptNumber"] = 0,
        ["objectId"] = objectId,
        ["propertyName"] = propertyName,
        ["propertyValue"] = propertyValue,
        ["changeSource"] = "CRM_UI",
        ["sourceId"] = "userId:55",
    };

    public static string Body(params JsonObject[] events) => new JsonArray(events.Select(e => (JsonNode)e.DeepClone()).ToArray()).ToJsonString();

    /// <summary>Base64(HMAC-SHA256(secret, UTF-8(method + uri + body + timestamp))).</summary>
    public static string Sign(string secret, string method, string uri, string body, string timestamp)
    {
        using var hmac = new HMACSHA256(Encoding.UTF8.GetBytes(secret));
        return Convert.ToBase64String(hmac.ComputeHash(Encoding.UTF8.GetBytes(method + uri + body + timestamp)));
    }

    public static string Now() => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);

    /// <summary>A POST to <paramref name="url"/> signed for <paramref name="signedUrl"/> (default: the same URL).</summary>
    public static HttpRequestMessage Request(Uri url, string body, string? secret = Secret, string? timestamp = null, Uri? signedUrl = null, string? signedBody = null)
    {
        timestamp ??= Now();
        var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(body, Encoding.UTF8) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        if (secret is not null)
        {
            request.Headers.Add("X-HubSpot-Signature-v3", Sign(secret, "POST", (signedUrl ?? url).ToString(), signedBody ?? body, timestamp));
            request.Headers.Add("X-HubSpot-Request-Timestamp", timestamp);
        }
        return request;
    }

    /// <summary>The legacy headers HubSpot also sends: v1 = hex SHA-256(secret + body), v2 = hex SHA-256(secret + method + uri + body).</summary>
    public static void AddLegacySignature(HttpRequestMessage request, int version, string uri, string body)
    {
        var source = version == 1 ? Secret + body : Secret + "POST" + uri + body;
        request.Headers.Add("X-HubSpot-Signature", Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(source))));
        request.Headers.Add("X-HubSpot-Signature-Version", "v" + version.ToString(CultureInfo.InvariantCulture));
    }
}
