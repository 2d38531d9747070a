using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace HubSpotTeamsBot.BotFramework.Invokes;

/// <summary><c>adaptiveCard/action</c>: an Action.Execute clicked, or a card refresh (docs/teams-protocol.md, "Action.Execute").</summary>
public sealed class AdaptiveCardActionValue
{
    /// <summary>Required, and its type must be <c>Action.Execute</c>.</summary>
    public AdaptiveCardExecuteAction? Action { get; init; }

    /// <summary><c>manual</c> (a click) or <c>automatic</c> (a refresh).</summary>
    public string? Trigger { get; init; }

    /// <summary>Only after a loginRequest answer.</summary>
    public string? State { get; init; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}

public sealed class AdaptiveCardExecuteAction
{
    public const string ExecuteType = "Action.Execute";

    public string? Type { get; init; }

    public string? Id { get; init; }

    public string? Verb { get; init; }

    /// <summary>The button's data merged with the card's inputs; the fields belong to the feature's card.</summary>
    public JsonObject? Data { get; init; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}
