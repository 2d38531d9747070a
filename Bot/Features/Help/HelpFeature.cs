using HubSpotTeamsBot.Cards;
using HubSpotTeamsBot.BotFramework.Routing;

namespace HubSpotTeamsBot.Features.Help;

/// <summary><c>help</c>, and a helpful answer to anything the bot does not recognise.</summary>
public sealed class HelpFeature : IBotFeature
{
    public void MapRoutes(BotRoutes routes) => routes
        .OnCommand("help", RouteAccess.Anyone, turn => turn.SendCardAsync(HelpCard.Build()), "?", "commands", "hi", "hello")
        .OnUnknownCommand(AnswerUnknownAsync);

    private static Task AnswerUnknownAsync(TurnContext turn)
    {
        if (SharedCardMessage.Is(turn.Activity, turn.Text)) return Task.CompletedTask;
        return turn.SendCardAsync(UnknownCommandCard(turn.Text));
    }

    /// <summary>The help card with what was said quoted literally (a pasted link must not become a live one).</summary>
    internal static System.Text.Json.Nodes.JsonObject UnknownCommandCard(string text)
    {
        var said = CardText.Literal(text, maxLength: 60);
        return HelpCard.Build(said.Length == 0 ? "Here is what I can do." : $"I didn't recognise “{said}”. Here is what I can do.");
    }
}
