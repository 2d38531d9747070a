using System.Text.Json;
using System.Text.Json.Serialization;

namespace HubSpotTeamsBot.BotFramework.Invokes;

/// <summary>Source-generated readers for the invoke payloads: no reflection on the hot path of every invoke.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ComposeQueryValue))]
[JsonSerializable(typeof(ComposeQueryLinkValue))]
[JsonSerializable(typeof(ComposeActionValue))]
[JsonSerializable(typeof(TaskModuleValue))]
[JsonSerializable(typeof(AdaptiveCardActionValue))]
[JsonSerializable(typeof(ApplicationSearchValue))]
[JsonSerializable(typeof(SignInVerifyStateValue))]
internal sealed partial class InvokePayloadJson : JsonSerializerContext;
