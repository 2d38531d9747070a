using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace HubSpotTeamsBot.BotFramework.Invokes;

/// <summary>
/// <c>composeExtension/fetchTask</c> and <c>composeExtension/submitAction</c>: an action command opened or its dialog
/// submitted (docs/teams-protocol.md, "Message-extension action").
/// </summary>
public sealed class ComposeActionValue
{
    /// <summary>Required: the manifest command.</summary>
    public string? CommandId { get; init; }

    /// <summary><c>compose</c>, <c>commandbox</c> or <c>message</c>; compare case-insensitively.</summary>
    public string? CommandContext { get; init; }

    public JsonObject? Context { get; init; }

    /// <summary>The Teams message the command was run on (message actions only); its fields are unverified, so kept loose.</summary>
    public JsonObject? MessagePayload { get; init; }

    /// <summary>submitAction: the dialog's inputs merged with the button's data; the fields belong to the feature's form.</summary>
    public JsonObject? Data { get; init; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}
