using Bot.Tests.Harness;

namespace PipelineBench;

/// <summary>Starts a target and times how long until it is healthy and until its first turn has finished.</summary>
internal static class ColdStart
{
    public static async Task<ColdStartResult> MeasureAsync(TargetProcess target, TurnDriver driver)
    {
        using var http = TurnDriver.CreateClient();
        var healthy = await target.WaitHealthyAsync(http, TimeSpan.FromSeconds(60));
        // CPU time is what start-up work costs whatever the neighbours do; wall time on a shared box is mostly waiting.
        var cpuHealthy = ProcStats.CpuTime(target.Pid);
        var user = TeamsUser.New("Cold Start");
        var outcome = await driver.RunAsync(http, target, TeamsConversation.Personal(user), user, driver.MintToken());
        if (!outcome.Succeeded) throw new InvalidOperationException($"{target.Spec.Name}: first turn failed ({outcome.Error}):\n{target.Output}");
        var firstTurn = System.Diagnostics.Stopwatch.GetElapsedTime(target.StartedAt, outcome.Answered);
        var firstAnswer = System.Diagnostics.Stopwatch.GetElapsedTime(target.StartedAt, outcome.Responded);
        var cpuFirstTurn = ProcStats.CpuTime(target.Pid);
        var rss = ProcStats.RssMiB(target.Pid);
        return new ColdStartResult(target.Spec.Name, healthy, firstAnswer, firstTurn, rss, target.Spec.RepliesToConnector ? await RefusesForgedTokenAsync(http, target, driver) : null)
        {
            CpuToHealthy = cpuHealthy,
            CpuToFirstTurn = cpuFirstTurn,
        };
    }

    // Proves the target really validates the channel JWT against the simulator's JWKS: same request, wrong key.
    private static async Task<bool> RefusesForgedTokenAsync(HttpClient http, TargetProcess target, TurnDriver driver)
    {
        var user = TeamsUser.New("Forger");
        var outcome = await driver.RunAsync(http, target, TeamsConversation.Personal(user), user, driver.MintForgedToken());
        return outcome.Error is "HTTP 401" or "HTTP 403";
    }
}
