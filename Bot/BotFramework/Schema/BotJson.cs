using System.Text.Json;
using System.Text.Json.Serialization;

namespace HubSpotTeamsBot.BotFramework.Schema;

/// <summary>The one set of serializer options for the wire: camelCase, nulls omitted, case-insensitive reads.</summary>
public static class BotJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        // A repeated key is ambiguous (which one counts?) and, inside value/entities/channelData, made JsonObject throw
        // on first read deep in a handler; refuse it at parse time as a bad activity (found by the reliability fuzzing).
        AllowDuplicateProperties = false,
    };
}
