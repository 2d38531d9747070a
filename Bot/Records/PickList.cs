using System.Text.Json.Nodes;
using HubSpotTeamsBot.Cards;

namespace HubSpotTeamsBot.Records;

/// <summary>"Several records match": one button per match, each continuing the command for that record.</summary>
public static class PickList
{
    public static JsonObject Build(string question, IEnumerable<JsonObject> buttons) =>
        Card.Adaptive(Card.Text(question)).WithActions([.. buttons]);
}
