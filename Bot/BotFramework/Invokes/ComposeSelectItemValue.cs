using System.Text.Json.Nodes;

namespace HubSpotTeamsBot.BotFramework.Invokes;

/// <summary>
/// <c>composeExtension/selectItem</c>: the value is the <c>tap.value</c> the bot itself put on a search result's
/// preview, so its fields belong to the feature that built the result.
/// </summary>
public sealed class ComposeSelectItemValue(JsonObject data)
{
    public JsonObject Data { get; } = data;
}
