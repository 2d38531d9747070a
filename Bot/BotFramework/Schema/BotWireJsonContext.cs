using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using HubSpotTeamsBot.BotFramework.Connector;

namespace HubSpotTeamsBot.BotFramework.Schema;

/// <summary>
/// Source-generated serialization metadata for the types every turn reads and writes: the inbound activity, the
/// reply, and the connector's answers. Without it System.Text.Json builds this metadata by reflection the first time
/// each type is used, which is start-up work on the first turn's path. <see cref="BotJson.Options"/> asks this context
/// first and falls back to reflection for everything else.
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(Activity))]
[JsonSerializable(typeof(ResourceResponse))]
[JsonSerializable(typeof(ConversationResourceResponse))]
[JsonSerializable(typeof(PagedMembersResult))]
[JsonSerializable(typeof(ConversationParameters))]
[JsonSerializable(typeof(JsonObject))]
[JsonSerializable(typeof(JsonNode))]
internal sealed partial class BotWireJsonContext : JsonSerializerContext;
