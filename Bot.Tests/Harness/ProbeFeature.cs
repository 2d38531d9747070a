using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using HubSpotTeamsBot.BotFramework.Routing;
using HubSpotTeamsBot.BotFramework.Schema;

namespace Bot.Tests.Harness;

/// <summary>
/// A test-only feature that records every turn reaching the router (to prove refused requests never reach a
/// handler) and offers invokes with known behaviour: an echo, and a slow one for the invoke budget.
/// </summary>
public sealed class ProbeFeature : IBotFeature
{
    private int _turns;

    public int Turns => Volatile.Read(ref _turns);
    public TaskCompletionSource SlowFinished { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    public List<string> Submits { get; } = [];

    /// <summary>"probe.hold" submits (by their note): set when the turn is running, and what it waits for before answering.</summary>
    public ConcurrentDictionary<string, TaskCompletionSource> HoldStarted { get; } = new();
    public ConcurrentDictionary<string, TaskCompletionSource> HoldRelease { get; } = new();

    public static TaskCompletionSource Gate(ConcurrentDictionary<string, TaskCompletionSource> gates, string note) =>
        gates.GetOrAdd(note, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));

    public void MapRoutes(BotRoutes routes) => routes
        .Use(async (turn, next) =>
        {
            Interlocked.Increment(ref _turns);
            await next();
        })
        .OnInvoke("probe/echo", RouteAccess.Anyone, turn => Task.FromResult(InvokeResponse.Ok(new JsonObject { ["echo"] = turn.Activity.Value?.DeepClone() })))
        .OnInvoke("task/fetch", "probe.slow", RouteAccess.Anyone, async turn =>
        {
            await Task.Delay(TimeSpan.FromSeconds(3));
            SlowFinished.TrySetResult();
            return InvokeResponse.DialogMessage("slow answer");
        })
        .OnCardSubmit("probe.submit", RouteAccess.Anyone, turn =>
        {
            lock (Submits) Submits.Add(turn.Activity.Value.Str("note") ?? string.Empty);
            return turn.SendTextAsync("submitted");
        })
        .OnCardSubmit("probe.hold", RouteAccess.Anyone, async turn =>
        {
            var note = turn.Activity.Value.Str("note") ?? string.Empty;
            lock (Submits) Submits.Add(note);
            Gate(HoldStarted, note).TrySetResult();
            await Gate(HoldRelease, note).Task;
            await turn.SendTextAsync("held answered");
        });
}

/// <summary>The bot plus the probe feature.</summary>
public sealed class ProbeBotFixture : BotFixture
{
    public ProbeFeature Probe { get; } = new();

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?> { ["Bot:InvokeBudget"] = "00:00:01" };

    protected override void ConfigureServices(Microsoft.Extensions.DependencyInjection.IServiceCollection services) =>
        Microsoft.Extensions.DependencyInjection.ServiceCollectionServiceExtensions.AddSingleton<IBotFeature>(services, Probe);
}
