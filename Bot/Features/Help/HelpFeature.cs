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
        var said = turn.Text.Length > 60 ? turn.Text[..60] + "…" : turn.Text;
        var intro = string.IsNullOrWhiteSpace(said)
            ? "Here is what I can do."
            : $"I didn't recognise “{said}”. Here is what I can do.";
        return turn.SendCardAsync(HelpCard.Build(intro));
    }
}
