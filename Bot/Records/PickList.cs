using System.Text.Json.Nodes;
using HubSpotTeamsBot.Cards;

namespace HubSpotTeamsBot.Records;

/// <summary>"Several records match": one button per match, each continuing the command for that record.</summary>
public static class PickList
{
    /// <summary>Teams renders at most five actions on a card and drops the rest without a word.</summary>
    public const int MaxButtons = 5;

    public static JsonObject Build(string question, IEnumerable<JsonObject> buttons)
    {
        var all = buttons.ToList();
        if (all.Count <= MaxButtons) return Card.Adaptive(Card.Text(question)).WithActions([.. all]);
        return Card.Adaptive(
                Card.Text(question),
                Card.Text($"Here are the first {MaxButtons}. If yours is not among them, send the command again with more of the name, or the email.", subtle: true))
            .WithActions([.. all.Take(MaxButtons)]);
    }
}
