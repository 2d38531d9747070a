using HubSpotTeamsBot.BotFramework.Invokes;
using HubSpotTeamsBot.BotFramework.Schema;

namespace HubSpotTeamsBot.BotFramework.Routing;

/// <summary>
/// Picks the handler for an activity from the routes every <see cref="IBotFeature"/> registered, runs it inside
/// the middleware, and turns failures into an answer the user can act on.
/// </summary>
public sealed class ActivityRouter
{
    private readonly BotRoutes _routes;
    private readonly ILogger<ActivityRouter> _logger;
    private readonly ITurnLimiter? _limiter;

    /// <param name="guard">Checks each route's declared role before its handler runs; a route that needs a role fails at
    /// start without one.</param>
    /// <param name="limiter">Per-user and per-tenant limits, checked before anything else runs.</param>
    public ActivityRouter(IEnumerable<IBotFeature> features, ILogger<ActivityRouter> logger, IRouteGuard? guard = null, ITurnLimiter? limiter = null)
    {
        _logger = logger;
        _limiter = limiter;
        _routes = new BotRoutes(guard);
        foreach (var feature in features) feature.MapRoutes(_routes);
    }

    /// <summary>Every registered route with the role it needs (commands once per alias).</summary>
    internal IReadOnlyList<RouteRegistration> Registrations => _routes.Registrations;

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
        using var lease = _limiter?.TryAcquire(turn);
        if (_limiter is not null && lease is null) return await SlowDownAsync(turn);
        if (CommandSubmit.RewriteAsTyped(turn.Activity) is { } badCommand) return await RefuseMalformedAsync(turn, badCommand);
        if (InvokePayloads.Read(turn.Activity).Problem is { } malformed) return await RefuseMalformedAsync(turn, malformed);
        var response = InvokeResponse.Ok();
        try
        {
            await RunPipelineAsync(turn, 0, async () => response = await DispatchAsync(turn));
        }
        catch (Exception error) when (error is not TurnSupersededException && (!turn.CancellationToken.IsCancellationRequested || error is not OperationCanceledException))
        {
            response = await HandleErrorAsync(turn, error);
        }
        return response;
    }

    /// <summary>Over the limit: an invoke gets the sentence in its own shape (Teams waits for it); a message gets it once
    /// per window, so a flood is not answered with a flood.</summary>
    private async Task<InvokeResponse> SlowDownAsync(TurnContext turn)
    {
        if (turn.Activity.IsInvoke()) return await RouteRefusals.AnswerAsync(turn, Limits.TurnLimiter.SlowDownText, tell: turn.Activity.Name == InvokeNames.SignInVerifyState && _limiter!.ShouldTell(turn));
        if (turn.Activity.Type == ActivityTypes.Message && _limiter!.ShouldTell(turn))
        {
            try
            {
                await turn.SendTextAsync(Limits.TurnLimiter.SlowDownText);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                _logger.LogDebug(e, "Could not send the slow-down notice");
            }
        }
        return InvokeResponse.Ok();
    }

    /// <summary>A value of a shape Teams never sends: no handler runs. An invoke gets 400 with the reason; a card submit
    /// (a message, which has no answer of its own) gets the reason in chat.</summary>
    private async Task<InvokeResponse> RefuseMalformedAsync(TurnContext turn, string problem)
    {
        turn.Route = turn.Activity.IsInvoke() ? $"invoke {turn.Activity.Name}" : "submit malformed";
        turn.Outcome = "refused";
        _logger.LogDebug("Refused a {Type} turn ({Name}) with a malformed value: {Problem}", turn.Activity.Type, turn.Activity.Name, problem);
        if (turn.Activity.IsInvoke()) return InvokeResponse.BadRequest(problem);
        try
        {
            await turn.SendTextAsync($"{problem} Please use the card's buttons as they are, or send **help**.");
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            _logger.LogDebug(e, "Could not tell the user about a malformed card submit");
        }
        return InvokeResponse.Ok();
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
