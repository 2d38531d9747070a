using System.Diagnostics;
using Bot.Tests.Harness;

namespace PipelineBench;

/// <summary>
/// Closed-loop load: each worker has its own conversation, sends a turn, waits for it to finish, sends the next.
/// Throughput is turns finished inside the measured window divided by its length; the warm-up is not counted.
/// </summary>
internal sealed class LoadGenerator(TurnDriver driver, BenchSettings settings)
{
    private long _windowStart = long.MaxValue;
    private long _windowEnd = long.MaxValue;
    private volatile bool _stopping;

    /// <param name="storagePid">Azurite, when the target keeps its tables there: its CPU in the window is reported per turn too.</param>
    /// <param name="busyConversation">All workers post into one Teams channel conversation (as different users)
    /// instead of each into its own personal chat: what a bot does when one busy channel is all its traffic.</param>
    public async Task<LevelResult> RunAsync(TargetProcess target, int concurrency, int? storagePid = null, ComposeWorkload? compose = null, bool busyConversation = false)
    {
        if (target.Spec.Turn == TurnKind.ComposeQuery && (compose is null || compose.Users.Count < concurrency))
            throw new ArgumentException($"{target.Spec.Name} needs a compose workload with at least {concurrency} users.", nameof(compose));
        _windowStart = long.MaxValue;
        _windowEnd = long.MaxValue;
        _stopping = false;
        using var http = TurnDriver.CreateClient();
        if (!ProcStats.ResetPeakRss(target.Pid))
            Console.Error.WriteLine($"[bench] could not reset {target.Spec.Name}'s peak RSS (needs root): its peak counts from process start");
        var workers = Enumerable.Range(0, concurrency).Select(i => new Worker(i)).ToArray();
        var shared = busyConversation ? TeamsConversation.Channel(ChannelSimulator.BotTenantId) : null;
        var running = workers.Select(w => Task.Run(() => RunWorkerAsync(w, http, target, compose, shared))).ToArray();

        await Task.Delay(settings.WarmUp);
        // Outside counters first and last, so their span covers the whole window (any HubSpot call in it is counted).
        var hubSpotBefore = compose is null ? default : await compose.HubSpotStats();
        var storageBefore = storagePid is { } before ? ProcStats.CpuTime(before) : default;
        var cpuBefore = ProcStats.CpuTime(target.Pid);
        using var self = Process.GetCurrentProcess();
        var generatorBefore = self.TotalProcessorTime;
        var start = Stopwatch.GetTimestamp();
        Interlocked.Exchange(ref _windowStart, start);
        await Task.Delay(settings.Measure);
        var end = Stopwatch.GetTimestamp();
        Interlocked.Exchange(ref _windowEnd, end);
        var cpuAfter = ProcStats.CpuTime(target.Pid);
        self.Refresh();
        var generatorAfter = self.TotalProcessorTime;
        var peak = ProcStats.PeakRssMiB(target.Pid);
        var storageAfter = storagePid is { } after ? ProcStats.CpuTime(after) : default;
        var hubSpotAfter = compose is null ? default : await compose.HubSpotStats();
        _stopping = true;
        await Task.WhenAll(running);

        var latencies = workers.SelectMany(w => w.Latencies).Order().ToList();
        var turns = latencies.Count;
        var perTurn = (TimeSpan cpu) => turns == 0 ? double.NaN : cpu.TotalMilliseconds / turns;
        return new LevelResult(
            target.Spec.Name, concurrency, turns, workers.Sum(w => w.Errors), Stopwatch.GetElapsedTime(start, end),
            LevelResult.Percentile(latencies, 50), LevelResult.Percentile(latencies, 95), LevelResult.Percentile(latencies, 99),
            perTurn(cpuAfter - cpuBefore), peak, perTurn(generatorAfter - generatorBefore),
            workers.Select(w => w.FirstError).FirstOrDefault(e => e is not null))
        {
            StorageCpuMsPerTurn = storagePid is null ? null : perTurn(storageAfter - storageBefore),
            BusyConversation = busyConversation,
            Compose = compose is null ? null : new ComposeFigures(hubSpotAfter - hubSpotBefore, compose.Queries),
        };
    }

    private async Task RunWorkerAsync(Worker worker, HttpClient http, TargetProcess target, ComposeWorkload? compose, TeamsConversation? shared)
    {
        var user = compose?.Users[worker.Index] ?? TeamsUser.New("Bench User");
        var conversation = shared ?? TeamsConversation.Personal(user);
        var token = driver.MintToken();
        var sinceToken = 0;
        // Each worker starts at its own place in the keyword list, so the workers are not all asking the same thing.
        var next = worker.Index;
        while (!_stopping)
        {
            if (++sinceToken > settings.RequestsPerToken)
            {
                token = driver.MintToken();
                sinceToken = 1;
            }
            var outcome = compose is null
                ? await driver.RunAsync(http, target, conversation, user, token)
                : await driver.RunComposeAsync(http, target, conversation, user, token, compose.Queries.Keywords[next++ % compose.Queries.Keywords.Count]);
            var counted = outcome.Finished >= Interlocked.Read(ref _windowStart) && outcome.Finished <= Interlocked.Read(ref _windowEnd);
            if (outcome.Succeeded)
            {
                if (counted) worker.Latencies.Add(outcome.Latency.TotalMilliseconds);
                continue;
            }
            if (counted) worker.Errors++;
            worker.FirstError ??= outcome.Error;
            // A late reply must not finish the next turn early: carry on in a fresh conversation (the busy
            // conversation is shared by design, so its workers stay in it).
            if (shared is null) conversation = TeamsConversation.Personal(user);
            if (target.HasExited) return;
        }
    }

    private sealed class Worker(int index)
    {
        public int Index => index;

        public List<double> Latencies { get; } = [];
        public int Errors { get; set; }
        public string? FirstError { get; set; }
    }
}
