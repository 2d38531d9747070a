using HubSpotTeamsBot.HubSpot;

namespace HubSpotTeamsBot.Features.MessageExtension;

/// <summary>
/// The note (or task) body Log to HubSpot writes: who wrote the message and when, the message, who logged it and the
/// link back. HubSpot keeps at most 65,536 characters in it, HTML included (docs/hubspot-limits.md), and refuses more;
/// a longer message is only ever shortened when the user chose to, and then the body says how much was left out. The
/// same line is written when the text at hand is only the beginning of the message (the dialog's copy of a message too
/// long for the card, <see cref="TeamsMessage.IsPart"/>).
/// </summary>
public static class LoggedNoteBody
{
    /// <summary>The body with the whole message, or with its first <paramref name="keep"/> characters and a line
    /// saying how many were not logged.</summary>
    public static string Build(TeamsMessage message, string actorName, int? keep = null)
    {
        ArgumentNullException.ThrowIfNull(message);
        var written = message.CreatedAt is { } at ? at.ToString("d MMM yyyy HH:mm 'UTC'", System.Globalization.CultureInfo.InvariantCulture) : null;
        var logged = keep is { } n ? message.Beginning(n) : message;
        var why = logged.Text.Length < message.Text.Length ? "HubSpot's limit for a note" : "Teams did not send the whole message with the dialog";
        var text = logged.IsPart
            ? logged.Text + $"\n… {HubSpotLimits.Said(logged.Length - logged.Text.Length)} more characters not logged ({why}); the whole message is in Teams."
            : logged.Text;
        // HubSpot shows the body as HTML; the message (its entities already decoded from Teams' HTML) is text, so each
        // part is encoded and nothing in it can become markup in HubSpot.
        return HubSpotRichText.Paragraphs(
            $"{message.AuthorName ?? "Someone"} wrote in Teams{(written is null ? "" : $" on {written}")}:",
            text,
            $"Logged from Teams by {actorName}{(message.Link is null ? "" : $" · {message.Link}")}");
    }

    /// <summary>Null when the whole message fits; otherwise how many of its characters fit (HTML encoding makes some
    /// characters longer, so the count is found by trying).</summary>
    public static int? FittingLength(TeamsMessage message, string actorName)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (Build(message, actorName).Length <= HubSpotLimits.MaxStringLength) return null;
        return message.LongestBeginning(n => Build(message, actorName, n).Length <= HubSpotLimits.MaxStringLength);
    }
}
