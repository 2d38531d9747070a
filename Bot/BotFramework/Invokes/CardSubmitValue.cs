using System.Text.Json.Nodes;

namespace HubSpotTeamsBot.BotFramework.Invokes;

/// <summary>
/// An <c>Action.Submit</c> from a card in chat: a message whose value is the button's data merged with the card's
/// inputs (docs/teams-protocol.md, "Action.Submit from a card"). The fields belong to the feature's card.
/// </summary>
public sealed class CardSubmitValue(JsonObject data)
{
    public JsonObject Data { get; } = data;

    /// <summary>The bot's own action name in the data, which picks the handler.</summary>
    public string? Verb => CardData.Verb(Data);

    /// <summary>A text field of the card's data; null when absent or not text.</summary>
    public string? Text(string name) => CardData.Text(Data, name);

    /// <summary>True when the data carries the field at all (a flag button such as <c>confirm</c>).</summary>
    public bool Has(string name) => Data[name] is not null;
}
