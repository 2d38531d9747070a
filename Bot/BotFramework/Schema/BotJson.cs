using System.Text.Json;
using System.Text.Json.Serialization;

namespace HubSpotTeamsBot.BotFramework.Schema;

/// <summary>The one set of serializer options for the wire: camelCase, nulls omitted, case-insensitive reads.</summary>
public static class BotJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };
}
