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
public sealed class BotRoutes
{
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

    public BotRoutes OnActivity(string type, TurnHandler handler) => Add(Activities, type, handler, $"activity type '{type}'");

    /// <summary>A text command such as <c>new contact</c>; matched case-insensitively on whole words, longest phrase first.</summary>
    public BotRoutes OnCommand(string phrase, TurnHandler handler, params string[] aliases)
    {
        foreach (var words in aliases.Prepend(phrase).Select(CommandText.Words))
        {
            if (Commands.Any(c => c.Words.SequenceEqual(words, StringComparer.OrdinalIgnoreCase)))
                throw new InvalidOperationException($"The command '{string.Join(' ', words)}' is registered twice.");
            Commands.Add((words, handler));
        }
        Commands.Sort((a, b) => b.Words.Length.CompareTo(a.Words.Length));
        return this;
    }

    public BotRoutes OnUnknownCommand(TurnHandler handler)
    {
        UnknownCommand = handler;
        return this;
    }

    public BotRoutes OnCardSubmit(string verb, TurnHandler handler) => Add(CardSubmits, verb, handler, $"card submit '{verb}'");

    public BotRoutes OnInvoke(string name, InvokeHandler handler) => Add(Invokes, (name, null), handler, $"invoke '{name}'");

    /// <summary>An invoke for one command id (message extension), verb (Action.Execute, dialog data) or dataset.</summary>
    public BotRoutes OnInvoke(string name, string key, InvokeHandler handler) => Add(Invokes, (name, key), handler, $"invoke '{name}' for '{key}'");

    private BotRoutes Add<TKey, THandler>(Dictionary<TKey, THandler> table, TKey key, THandler handler, string what) where TKey : notnull
    {
        if (!table.TryAdd(key, handler)) throw new InvalidOperationException($"The {what} is registered twice.");
        return this;
    }
}
