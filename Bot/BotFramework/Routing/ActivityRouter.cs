using HubSpotTeamsBot.BotFramework.Schema;

namespace HubSpotTeamsBot.BotFramework.Routing;

/// <summary>
/// Picks the handler for an activity from the routes every <see cref="IBotFeature"/> registered, runs it inside
/// the middleware, and turns failures into an answer the user can act on.
/// </summary>
public sealed class ActivityRouter
{
    private readonly BotRoutes _routes = new();
    private readonly ILogger<ActivityRouter> _logger;

    public ActivityRouter(IEnumerable<IBotFeature> features, ILogger<ActivityRouter> logger)
    {
        _logger = logger;
        foreach (var feature in features) feature.MapRoutes(_routes);
    }

    /// <summary>True when some feature registered this text command (or a longer phrase starting with it).</summary>
    public bool HandlesCommand(string phrase)
    {
        var words = CommandText.Words(phrase);
        return _routes.Commands.Any(c => c.Words.Length >= words.Length && c.Words.Take(words.Length).SequenceEqual(words, StringComparer.OrdinalIgnoreCase));
    }

    /// <summary>The keys (commandId / verb / dataset) registered for an invoke name, for checks against the app manifest.</summary>
    public IEnumerable<string> InvokeKeys(string name) =>
        _routes.Invokes.Keys.Where(k => k.Name == name && k.Key is not null).Select(k => k.Key!);

    /// <summary>True when some feature answers this invoke; the endpoint answers 501 at once otherwise.</summary>
    public bool HandlesInvoke(Activity activity) => FindInvoke(activity) is not null;

    /// <summary>Runs the turn; for an invoke, returns what Teams gets back.</summary>
    public async Task<InvokeResponse> RouteAsync(TurnContext turn)
    {
        var response = InvokeResponse.Ok();
        try
        {
            await RunPipelineAsync(turn, 0, async () => response = await DispatchAsync(turn));
        }
        catch (Exception error) when (!turn.CancellationToken.IsCancellationRequested || error is not OperationCanceledException)
        {
            response = await HandleErrorAsync(turn, error);
        }
        return response;
    }

    private Task RunPipelineAsync(TurnContext turn, int index, Func<Task> terminal) =>
        index < _routes.Middleware.Count
            ? _routes.Middleware[index](turn, () => RunPipelineAsync(turn, index + 1, terminal))
            : terminal();

    private async Task<InvokeResponse> DispatchAsync(TurnContext turn)
    {
        var activity = turn.Activity;
        switch (activity.Type)
        {
            case ActivityTypes.Invoke:
                if (FindInvoke(activity) is not { } invoke) return InvokeResponse.NotImplemented;
                turn.Route = $"invoke {activity.Name}";
                return await invoke(turn);
            case ActivityTypes.Message when activity.IsCardSubmit():
                var submitKey = RouteKeys.ForCardSubmit(activity) ?? string.Empty;
                var submit = _routes.CardSubmits.GetValueOrDefault(submitKey);
                turn.Route = submit is null ? "unknown" : $"submit {submitKey}";
                await (submit ?? _routes.UnknownCommand ?? NoOp)(turn);
                break;
            case ActivityTypes.Message:
                var command = FindCommand(turn);
                if (command is null) turn.Route = "unknown";
                await (command ?? _routes.UnknownCommand ?? NoOp)(turn);
                break;
            default:
                if (activity.Type is not null && _routes.Activities.TryGetValue(activity.Type, out var handler))
                {
                    turn.Route = $"activity {activity.Type}";
                    await handler(turn);
                }
                break;
        }
        return InvokeResponse.Ok();
    }

    private InvokeHandler? FindInvoke(Activity activity)
    {
        var name = activity.Name ?? string.Empty;
        var key = RouteKeys.ForInvoke(activity);
        return (key is not null ? _routes.Invokes.GetValueOrDefault((name, key)) : null) ?? _routes.Invokes.GetValueOrDefault((name, null));
    }

    private TurnHandler? FindCommand(TurnContext turn)
    {
        var words = CommandText.Words(turn.Text);
        foreach (var (phrase, handler) in _routes.Commands)
        {
            if (phrase.Length > words.Length || !phrase.SequenceEqual(words.Take(phrase.Length), StringComparer.OrdinalIgnoreCase)) continue;
            turn.CommandArguments = CommandText.After(turn.Text, phrase.Length);
            turn.Route = "command " + string.Join(' ', phrase).ToLowerInvariant();
            return handler;
        }
        return null;
    }

    private async Task<InvokeResponse> HandleErrorAsync(TurnContext turn, Exception error)
    {
        var known = _routes.ErrorDescribers.Select(describe => describe(error)).FirstOrDefault(text => text is not null);
        turn.Outcome = known is null ? "failed" : "refused";
        if (known is null) _logger.LogError(error, "Unhandled error in a {Type} turn ({Name})", turn.Activity.Type, turn.Activity.Name);
        else _logger.LogWarning("A {Type} turn ended with {Error}: {Message}", turn.Activity.Type, error.GetType().Name, known);
        var text = known ?? InvokeFallbacks.FailedText;
        // Past the invoke budget Teams already showed "still working" and drops this answer: without a message the
        // promised result would never come. (A compose search is not waited on: the user just types again.)
        if (turn.Activity.IsInvoke() && !(turn.InvokeBudgetExceeded && turn.Activity.Name is not (InvokeNames.ComposeQuery or InvokeNames.ComposeQueryLink)))
            return InvokeFallbacks.WithText(turn.Activity, text);
        try
        {
            await turn.SendTextAsync(text);
        }
        catch (Exception secondary)
        {
            _logger.LogError(secondary, "Could not tell the user about an error");
        }
        return turn.Activity.IsInvoke() ? InvokeFallbacks.WithText(turn.Activity, text) : InvokeResponse.Ok();
    }

    private static Task NoOp(TurnContext turn) => Task.CompletedTask;
}
