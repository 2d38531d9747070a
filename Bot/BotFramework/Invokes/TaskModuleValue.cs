using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace HubSpotTeamsBot.BotFramework.Invokes;

/// <summary><c>task/fetch</c> and <c>task/submit</c>: a dialog opened from a card, or submitted (docs/teams-protocol.md, "Dialogs").</summary>
public sealed class TaskModuleValue
{
    /// <summary>Required: the button's data (task/fetch: with the <c>msteams</c> key) merged with the dialog's inputs (task/submit).</summary>
    public JsonObject? Data { get; init; }

    public JsonObject? Context { get; init; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }

    /// <summary>The bot's own action name in the data, which picks the handler.</summary>
    [JsonIgnore]
    public string? Verb => CardData.Verb(Data);
}
