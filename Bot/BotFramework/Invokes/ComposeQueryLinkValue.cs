using System.Text.Json;
using System.Text.Json.Serialization;

namespace HubSpotTeamsBot.BotFramework.Invokes;

/// <summary><c>composeExtension/queryLink</c>: a link of a registered domain was pasted (docs/teams-protocol.md, "Link unfurling").</summary>
public sealed class ComposeQueryLinkValue
{
    /// <summary>Required: the pasted link.</summary>
    public string? Url { get; init; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}
