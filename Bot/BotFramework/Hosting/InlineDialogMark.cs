namespace HubSpotTeamsBot.BotFramework.Hosting;

/// <summary>
/// The key and value a dialog button's data gets when it is sent to a host that cannot open dialogs (the Agents
/// Playground) as Action.Execute instead, so whoever answers the verb can tell "open here what the dialog would have
/// shown" from "submit". The layer that answers dialog buttons declares it (Forms registers one in DI); the protocol
/// layer only copies it into the button, so it names no form step.
/// </summary>
public sealed record InlineDialogMark(string Key, string Value);
