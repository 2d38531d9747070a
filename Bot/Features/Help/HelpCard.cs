using System.Text.Json.Nodes;
using HubSpotTeamsBot.Cards;

namespace HubSpotTeamsBot.Features.Help;

public static class HelpCard
{
    // The plain help card is the same for everyone: built once, each send gets its own copy (a send may adapt it,
    // e.g. for the Playground). Building it per turn was 6 % of a help turn's CPU.
    private static readonly JsonObject Standard = Build(intro: null);

    /// <summary>The help card with the standard introduction.</summary>
    public static JsonObject Build() => (JsonObject)Standard.DeepClone();

    public static JsonObject Build(string? intro) => Card.Adaptive(
            Card.Heading("HubSpot for Teams"),
            Card.Text(intro ?? "Work on your company's HubSpot contacts, deals and activities without leaving Teams. Type a command, or pick one below.", subtle: true),
            Card.Facts([.. HelpCatalogue.Commands.Select(c => (CardText.Literal(c.Command), (string?)c.Description))]),
            Card.Text("In a channel or group chat, @mention me first. From the compose box, use the HubSpot message extension to search and share contacts.", subtle: true))
        .WithActions(
            Card.SendCommand("Find a contact", "find"),
            Card.SendCommand("New contact", "new contact"));
}
