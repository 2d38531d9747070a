using HubSpotTeamsBot.BotFramework.Hosting;

namespace HubSpotTeamsBot.Forms;

/// <summary>Data keys every form shares; features add their own input ids next to these.</summary>
public static class FormKeys
{
    /// <summary>Routing key, set by <c>Card.Submit/Execute</c>.</summary>
    public const string Verb = "verb";

    /// <summary>One id per rendered form, kept when the form is re-shown, so double clicks are one submission.</summary>
    public const string SubmissionId = "submissionId";

    /// <summary>A secondary button on the same form (reload, overwrite, pick…).</summary>
    public const string Step = "step";

    /// <summary>A dialog button run inline (where the host cannot open dialogs, e.g. the Agents Playground): the form
    /// opens in the chat exactly as the dialog would have opened.</summary>
    public const string OpenInChatStep = "openInChat";

    /// <summary>What the protocol layer adds to a dialog button it turns into Action.Execute for a host without
    /// dialogs (the Agents Playground), so <see cref="FormRoutes"/> opens the form rather than submitting it.</summary>
    public static readonly InlineDialogMark OpenInChat = new(Step, OpenInChatStep);

    /// <summary>The record a form edits or an action targets.</summary>
    public const string RecordId = "recordId";

    /// <summary>The record's HubSpot type for generic actions (contacts, deals).</summary>
    public const string RecordType = "recordType";

    /// <summary>The record's last-modified stamp when the edit form was opened (lost-update check).</summary>
    public const string Version = "version";

    public static string NewSubmissionId() => Guid.NewGuid().ToString("N");
}
