using HubSpotTeamsBot.BotFramework.Connector;
using HubSpotTeamsBot.BotFramework.Routing;
using HubSpotTeamsBot.BotFramework.Schema;
using HubSpotTeamsBot.Telemetry;

namespace HubSpotTeamsBot.BotFramework.Hosting;

/// <summary>Creates the turn (a DI scope, a connector client) and runs it through the router.</summary>
public sealed class TurnRunner(IServiceScopeFactory scopes, ActivityRouter router)
{
    /// <summary>How long a turn may keep working after Teams got its answer (e.g. to post a late result).</summary>
    private static readonly TimeSpan TurnLimit = TimeSpan.FromMinutes(2);

    public async Task<InvokeResponse> RunAsync(Activity activity, CancellationToken cancellationToken, Action<TurnContext>? started = null)
    {
        await using var scope = scopes.CreateAsyncScope();
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(TurnLimit);
        var turn = new TurnContext(activity, scope.ServiceProvider.GetRequiredService<ConnectorClient>(), scope.ServiceProvider, limit.Token);
        started?.Invoke(turn);
        using var span = BotTelemetry.Source.StartActivity("bot.turn", System.Diagnostics.ActivityKind.Server);
        var begun = System.Diagnostics.Stopwatch.GetTimestamp();
        try
        {
            return await router.RouteAsync(turn);
        }
        catch (Exception error)
        {
            turn.Outcome = error is TurnSupersededException ? "superseded" : "failed";
            throw;
        }
        finally
        {
            TurnTelemetry.Record(span, turn, System.Diagnostics.Stopwatch.GetElapsedTime(begun));
        }
    }
}
