using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace HubSpotTeamsBot.HubSpot;

/// <summary>Serializer settings for HubSpot bodies: camelCase, lenient reading, nulls left out of requests.</summary>
internal static class HubSpotJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>
    /// A JSON body serialized now rather than while sending: the time between taking a rate-limit slot and the request
    /// reaching HubSpot stays short and even, and retries resend the same bytes.
    /// </summary>
    public static ByteArrayContent Content<T>(T value)
    {
        var content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(value, Options));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        return content;
    }
}
