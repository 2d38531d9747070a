using HubSpotTeamsBot.BotFramework.Schema;

namespace HubSpotTeamsBot.BotFramework.Routing;

public delegate Task TurnHandler(TurnContext turn);

public delegate Task<InvokeResponse> InvokeHandler(TurnContext turn);

public delegate Task TurnMiddleware(TurnContext turn, Func<Task> next);

/// <summary>Says what a failure means for the user ("HubSpot is busy, try again"); null when it does not know the exception.</summary>
public delegate string? ErrorDescriber(Exception error);

/// <summary>A capability of the bot: it registers its routes and knows nothing of the protocol layer's insides.</summary>
public interface IBotFeature
{
    void MapRoutes(BotRoutes routes);
}

/// <summary>
/// The route table features fill in: text commands, card submits (by <c>verb</c>), invokes (by name, then by
/// commandId / verb / dataset), other activity types, middleware and error translation.
/// </summary>
public sealed class BotRoutes(IRouteGuard? guard = null)
{
    /// <summary>Every route with the access it declared, in registration order.</summary>
    internal List<RouteRegistration> Registrations { get; } = [];

    internal List<TurnMiddleware> Middleware { get; } = [];
    internal List<ErrorDescriber> ErrorDescribers { get; } = [];
    internal Dictionary<string, TurnHandler> Activities { get; } = new(StringComparer.Ordinal);
    internal List<(string[] Words, TurnHandler Handler)> Commands { get; } = [];
    internal Dictionary<string, TurnHandler> CardSubmits { get; } = new(StringComparer.OrdinalIgnoreCase);
    internal Dictionary<(string Name, string? Key), InvokeHandler> Invokes { get; } = [];
    internal TurnHandler? UnknownCommand { get; private set; }

    public BotRoutes Use(TurnMiddleware middleware)
    {
        Middleware.Add(middleware);
        return this;
    }

    public BotRoutes OnError(ErrorDescriber describe)
    {
        ErrorDescribers.Add(describe);
        return this;
    }

    /// <summary>A non-message activity (conversationUpdate, installationUpdate…): the sender is not acting, so no role is asked.</summary>
    public BotRoutes OnActivity(string type, TurnHandler handler)
    {
        Registrations.Add(new RouteRegistration(RouteRegistration.Activity, type, null, RouteAccess.Anyone));
        return Add(Activities, type, handler, $"activity type '{type}'");
    }

    /// <summary>A text command such as <c>new contact</c>; matched case-insensitively on whole words, longest phrase first.</summary>
    public BotRoutes OnCommand(string phrase, RouteAccess access, TurnHandler handler, params string[] aliases)
    {
        var guarded = Guard(access, handler, $"command '{phrase}'");
        foreach (var words in aliases.Prepend(phrase).Select(CommandText.Words))
        {
            if (Commands.Any(c => c.Words.SequenceEqual(words, StringComparer.OrdinalIgnoreCase)))
                throw new InvalidOperationException($"The command '{string.Join(' ', words)}' is registered twice.");
            Commands.Add((words, guarded));
            Registrations.Add(new RouteRegistration(RouteRegistration.Command, string.Join(' ', words), null, access));
        }
        Commands.Sort((a, b) => b.Words.Length.CompareTo(a.Words.Length));
        return this;
    }

    public BotRoutes OnUnknownCommand(TurnHandler handler)
    {
        UnknownCommand = handler;
        return this;
    }

    public BotRoutes OnCardSubmit(string verb, RouteAccess access, TurnHandler handler)
    {
        Registrations.Add(new RouteRegistration(RouteRegistration.CardSubmit, verb, null, access));
        return Add(CardSubmits, verb, Guard(access, handler, $"card submit '{verb}'"), $"card submit '{verb}'");
    }

    public BotRoutes OnInvoke(string name, RouteAccess access, InvokeHandler handler)
    {
        Registrations.Add(new RouteRegistration(RouteRegistration.Invoke, name, null, access));
        return Add(Invokes, (name, null), Guard(access, handler, $"invoke '{name}'"), $"invoke '{name}'");
    }

    /// <summary>An invoke for one command id (message extension), verb (Action.Execute, dialog data) or dataset.</summary>
    public BotRoutes OnInvoke(string name, string key, RouteAccess access, InvokeHandler handler)
    {
        Registrations.Add(new RouteRegistration(RouteRegistration.Invoke, name, key, access));
        return Add(Invokes, (name, key), Guard(access, handler, $"invoke '{name}' for '{key}'"), $"invoke '{name}' for '{key}'");
    }

    /// <summary>Runs the handler only when the guard lets the caller through; otherwise tells them why, in chat.</summary>
    private TurnHandler Guard(RouteAccess access, TurnHandler handler, string what)
    {
        var gate = GateFor(access, what);
        if (gate is null) return handler;
        return async turn =>
        {
            if (await gate.RefuseAsync(turn, access) is { } refusal) await turn.SendTextAsync(refusal);
            else await handler(turn);
        };
    }

    /// <summary>Runs the handler only when the guard lets the caller through; otherwise answers the refusal in the invoke's own shape.</summary>
    private InvokeHandler Guard(RouteAccess access, InvokeHandler handler, string what)
    {
        var gate = GateFor(access, what);
        if (gate is null) return handler;
        return async turn => await gate.RefuseAsync(turn, access) is { } refusal ? await RouteRefusals.AnswerAsync(turn, refusal) : await handler(turn);
    }

    private IRouteGuard? GateFor(RouteAccess access, string what)
    {
        ArgumentNullException.ThrowIfNull(access);
        if (access.Role == AppRole.None) return null;
        return guard ?? throw new InvalidOperationException($"The {what} needs the {access.Role} role, but no route guard is registered to check it.");
    }

    private BotRoutes Add<TKey, THandler>(Dictionary<TKey, THandler> table, TKey key, THandler handler, string what) where TKey : notnull
    {
        if (!table.TryAdd(key, handler)) throw new InvalidOperationException($"The {what} is registered twice.");
        return this;
    }
}
