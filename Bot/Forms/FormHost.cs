namespace HubSpotTeamsBot.Forms;

/// <summary>Where a form was shown, which decides its buttons and how its answer is delivered.</summary>
public enum FormHost
{
    /// <summary>A card in the conversation: Action.Execute (adaptiveCard/action) with an Action.Submit fallback (a message with value).</summary>
    Inline,

    /// <summary>A dialog (task/fetch → task/submit); buttons are Action.Submit because Action.Execute in dialogs is unverified.</summary>
    Dialog,
}
