using System.Text.Json.Nodes;
using HubSpotTeamsBot.Cards;

namespace HubSpotTeamsBot.Features.Help;

public static class HelpCard
{
    public static JsonObject Build(string? intro = null) => Card.Adaptive(
            Card.Heading("HubSpot for Teams"),
            Card.Text(intro ?? "Work on your company's HubSpot contacts, deals and activities without leaving Teams. Type a command, or pick one below.", subtle: true),
            Card.Facts([.. HelpCatalogue.Commands.Select(c => (CardText.Literal(c.Command), (string?)c.Description))]),
            Card.Text("In a channel or group chat, @mention me first. From the compose box, use the HubSpot message extension to search and share contacts.", subtle: true))
        .WithActions(
            Card.SendCommand("Find a contact", "find"),
            Card.SendCommand("New contact", "new contact"));
}
