using HubSpotTeamsBot.BotFramework.Invokes;
using HubSpotTeamsBot.BotFramework.Schema;

namespace HubSpotTeamsBot.BotFramework.Routing;

/// <summary>Where each invoke carries the key that picks its handler (docs/teams-protocol.md, "Invokes").</summary>
internal static class RouteKeys
{
    public static string? ForInvoke(Activity activity) => InvokePayloads.Read(activity).Value switch
    {
        AdaptiveCardActionValue action => action.Action?.Verb,
        TaskModuleValue task => task.Verb,
        ApplicationSearchValue search => search.Dataset,
        ComposeQueryValue query => query.CommandId,
        ComposeActionValue command => command.CommandId,
        // selectItem (the bot's own tap value), queryLink and any newer composeExtension invoke route by a commandId
        // if they happen to carry one.
        _ when activity.Name?.StartsWith("composeExtension/", StringComparison.Ordinal) == true => activity.Value.Str("commandId"),
        _ => null,
    };

    public static string? ForCardSubmit(Activity activity) => (InvokePayloads.Read(activity).Value as CardSubmitValue)?.Verb;
}
