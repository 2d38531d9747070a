using HubSpotTeamsBot.BotFramework.Schema;

namespace HubSpotTeamsBot.BotFramework.Routing;

/// <summary>Where each invoke carries the key that picks its handler (docs/teams-protocol.md, "Invokes").</summary>
internal static class RouteKeys
{
    /// <summary>The data field our cards use to name their action, for Action.Submit and dialogs alike.</summary>
    public const string Verb = "verb";

    public static string? ForInvoke(Activity activity) => activity.Name switch
    {
        InvokeNames.AdaptiveCardAction => activity.Value.Str("action", "verb"),
        InvokeNames.TaskFetch or InvokeNames.TaskSubmit => activity.Value.Str("data", Verb),
        InvokeNames.ApplicationSearch => activity.Value.Str("dataset"),
        { } name when name.StartsWith("composeExtension/", StringComparison.Ordinal) => activity.Value.Str("commandId"),
        _ => null,
    };

    public static string? ForCardSubmit(Activity activity) => activity.Value.Str(Verb);
}
