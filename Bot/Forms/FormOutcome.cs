using System.Text.Json.Nodes;

namespace HubSpotTeamsBot.Forms;

/// <summary>What a form handler answers; <see cref="FormRoutes"/> delivers it the way the host needs.</summary>
public abstract record FormOutcome
{
    /// <summary>Show this card in place of the form: the form again with problems, a pick list, a conflict card.</summary>
    public static FormOutcome Show(JsonObject card) => new ShowCard(card);

    /// <summary>
    /// The work is done: inline the result card replaces the form; in a dialog the dialog closes with
    /// <paramref name="message"/> and the result card is posted in the conversation.
    /// </summary>
    public static FormOutcome Done(JsonObject resultCard, string message) => new Completed(resultCard, message);

    /// <summary>Only a sentence (refused, still running…); the form stays as it was.</summary>
    public static FormOutcome Say(string text) => new Message(text);

    public sealed record ShowCard(JsonObject Card) : FormOutcome;

    public sealed record Completed(JsonObject ResultCard, string Text) : FormOutcome;

    public sealed record Message(string Text) : FormOutcome;
}
