using HubSpotTeamsBot.BotFramework.Schema;

namespace HubSpotTeamsBot.BotFramework.Routing;

/// <summary>
/// Answers Teams understands for each invoke when the real answer is late or failed, so the user sees a sentence
/// instead of "Unable to reach app".
/// </summary>
public static class InvokeFallbacks
{
    public const string StillWorkingText = "Still working on it — I'll post the result in this chat when it's ready.";
    public const string StillSearchingText = "Still searching — keep typing, or try again in a moment.";
    public const string FailedText = "Sorry, something went wrong on our side. Please try again in a moment.";

    public static InvokeResponse StillWorking(Activity invoke) => Text(invoke, StillWorkingText, StillSearchingText);

    /// <summary>The same sentence in whatever shape this invoke's answer takes.</summary>
    public static InvokeResponse WithText(Activity invoke, string text) => Text(invoke, text, text);

    private static InvokeResponse Text(Activity invoke, string text, string searchText) => invoke.Name switch
    {
        InvokeNames.AdaptiveCardAction => InvokeResponse.CardMessage(text),
        InvokeNames.TaskFetch or InvokeNames.TaskSubmit or InvokeNames.ComposeFetchTask or InvokeNames.ComposeSubmitAction
            => InvokeResponse.DialogMessage(text),
        InvokeNames.ComposeQuery or InvokeNames.ComposeQueryLink or InvokeNames.ComposeSelectItem
            => InvokeResponse.ComposeMessage(searchText),
        _ => InvokeResponse.Ok(),
    };
}
