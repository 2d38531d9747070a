using System.Text.Json;
using System.Text.Json.Nodes;

namespace HubSpotTeamsBot.BotFramework.Invokes;

/// <summary>Reads of the bot's own card data (a button's data plus the card's inputs), shared by every payload that carries it.</summary>
public static class CardData
{
    /// <summary>The data field the bot's cards use to name their action, for Action.Submit and dialogs alike.</summary>
    public const string VerbField = "verb";

    public static string? Verb(JsonObject? data) => Text(data, VerbField);

    /// <summary>A text field; null when absent or not a string (input values always arrive as strings).</summary>
    public static string? Text(JsonObject? data, string name) =>
        data?[name] is JsonValue value && value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : null;
}
