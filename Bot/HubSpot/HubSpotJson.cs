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
}
