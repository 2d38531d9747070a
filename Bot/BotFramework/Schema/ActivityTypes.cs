namespace HubSpotTeamsBot.BotFramework.Schema;

public static class ActivityTypes
{
    public const string Message = "message";
    public const string Invoke = "invoke";
    public const string ConversationUpdate = "conversationUpdate";
    public const string InstallationUpdate = "installationUpdate";
    public const string Typing = "typing";
}

/// <summary>Teams invoke names the bot answers (docs/teams-protocol.md, "Invoke names").</summary>
public static class InvokeNames
{
    public const string AdaptiveCardAction = "adaptiveCard/action";
    public const string TaskFetch = "task/fetch";
    public const string TaskSubmit = "task/submit";
    public const string ComposeQuery = "composeExtension/query";
    public const string ComposeSelectItem = "composeExtension/selectItem";
    public const string ComposeQueryLink = "composeExtension/queryLink";
    public const string ComposeFetchTask = "composeExtension/fetchTask";
    public const string ComposeSubmitAction = "composeExtension/submitAction";
    public const string SignInVerifyState = "signin/verifyState";
    public const string ApplicationSearch = "application/search";
}

public static class ContentTypes
{
    public const string AdaptiveCard = "application/vnd.microsoft.card.adaptive";
    public const string ThumbnailCard = "application/vnd.microsoft.card.thumbnail";
    public const string HeroCard = "application/vnd.microsoft.card.hero";
    public const string SigninCard = "application/vnd.microsoft.card.signin";
}
