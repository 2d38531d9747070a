namespace HubSpotTeamsBot.BotFramework.Routing;

/// <summary>
/// What a route needs before its handler may run: the least role, the action name a refusal is audited under, and an
/// optional sentence put before the refusal ("Only an admin can connect HubSpot."). Every route declares one when it is
/// registered and the router checks it first, so no handler (and no HubSpot call) runs for someone without the role,
/// and a new route cannot forget the check.
/// </summary>
public sealed record RouteAccess(AppRole Role, string Action, string? Lead = null)
{
    /// <summary>Open to everyone who reaches the bot (help, whoami, welcome): such handlers must not touch HubSpot.</summary>
    public static readonly RouteAccess Anyone = new(AppRole.None, "none");

    public static RouteAccess Viewer(string action) => new(AppRole.Viewer, action);

    public static RouteAccess Editor(string action) => new(AppRole.Editor, action);

    public static RouteAccess Admin(string action, string? lead = null) => new(AppRole.Admin, action, lead);
}

/// <summary>Checks a route's <see cref="RouteAccess"/> for the caller (and audits a refusal).</summary>
public interface IRouteGuard
{
    /// <summary>Null when the caller may go on; otherwise the sentence to show them.</summary>
    Task<string?> RefuseAsync(TurnContext turn, RouteAccess access);
}

/// <summary>One registered route as the router sees it, so tests can enumerate every route with the role it needs.</summary>
public sealed record RouteRegistration(string Kind, string Name, string? Key, RouteAccess Access)
{
    public const string Command = "command";
    public const string CardSubmit = "card submit";
    public const string Invoke = "invoke";
    public const string Activity = "activity";
}

/// <summary>Checked by the router before anything else in a turn; null means the turn is over its limit.</summary>
public interface ITurnLimiter
{
    /// <summary>A lease to hold for the turn (disposed when it ends), or null when the turn must be refused.</summary>
    IDisposable? TryAcquire(TurnContext turn);

    /// <summary>Whether this refused turn should get the "slow down" sentence (not every one of a flood should).</summary>
    bool ShouldTell(TurnContext turn);
}
