namespace HubSpotTeamsBot.BotFramework.Routing;

/// <summary>
/// Thrown instead of sending when another attempt of the same queued turn owns it now (this attempt's claim lapsed
/// and was taken over, or the other attempt finished it): the turn stops without a word, since that attempt answers.
/// The router lets it through to the queue, which neither records the turn done nor tells the user anything.
/// </summary>
public sealed class TurnSupersededException() : Exception("Another attempt of this turn owns it now.");
