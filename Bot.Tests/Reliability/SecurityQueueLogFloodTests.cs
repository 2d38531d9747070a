using System.Globalization;
using Bot.Tests.Harness;
using HubSpotTeamsBot.BotFramework.Queue;
using HubSpotTeamsBot.BotFramework.Schema;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Xunit.Abstractions;

namespace Bot.Tests.Reliability;

/// <summary>The bot with an activity queue that takes nothing (full, or its storage down): every message gets 503.</summary>
public sealed class RefusingQueueBotFixture : BotFixture
{
    public RefusingQueue Queue { get; } = new();

    protected override void ConfigureServices(IServiceCollection services) => services.Replace(ServiceDescriptor.Singleton<IActivityQueue>(Queue));

    public sealed class RefusingQueue : IActivityQueue
    {
        private int _refused;

        public int Refused => _refused;

        public Task<bool> TryEnqueueAsync(Activity activity, CancellationToken ct)
        {
            Interlocked.Increment(ref _refused);
            return Task.FromResult(false);
        }
    }
}

/// <summary>
/// Issue 16, M5: each 503 from the activity queue wrote a warning line (a load test produced ~21,000 identical lines in
/// 30 s). A burst the queue refuses N times must still answer 503 + Retry-After every time, and write the warning once
/// per window with a count instead of N times. The same for a burst of requests without a token (401).
/// </summary>
public sealed class SecurityQueueLogFloodTests(RefusingQueueBotFixture bot, ITestOutputHelper output) : IClassFixture<RefusingQueueBotFixture>
{
    private const int Burst = 400;
    private const string Line = "The activity queue did not take the activity";

    [Fact]
    public async Task A_burst_the_queue_refuses_writes_a_bounded_number_of_warning_lines()
    {
        var user = TeamsUser.New("Flo Flood");
        var chat = TeamsConversation.Personal(user);
        var before = bot.Host.Logs.Lines.Count(l => l.Contains(Line, StringComparison.Ordinal));
        var allBefore = bot.Host.Logs.Lines.Count;
        var refusedBefore = bot.Queue.Refused;

        var statuses = new List<int>();
        var retryAfter = 0;
        using var gate = new SemaphoreSlim(8);
        await Task.WhenAll(Enumerable.Range(0, Burst).Select(async i =>
        {
            await gate.WaitAsync();
            try
            {
                using var response = await bot.Teams.PostAsync(Activities.Message(bot.Simulator.ServiceUrl, chat, user, $"hello {i}"));
                lock (statuses) statuses.Add((int)response.StatusCode);
                if (response.Headers.RetryAfter is not null) Interlocked.Increment(ref retryAfter);
            }
            finally
            {
                gate.Release();
            }
        }));

        var refused = bot.Queue.Refused - refusedBefore;
        var lines = bot.Host.Logs.Lines.Count(l => l.Contains(Line, StringComparison.Ordinal)) - before;
        var tally = new SecurityTally("security: M5 log lines under a 503/401 flood", output);
        tally.Add($"{Burst} messages the queue refused answer 503 with Retry-After",
            statuses.Count(s => s == 503) == Burst && retryAfter == Burst ? [] : [$"{statuses.Count(s => s == 503)}× 503, {retryAfter}× Retry-After"]);
        tally.Add($"the queue was asked {Burst} times", refused == Burst ? [] : [$"asked {refused} times"]);
        // One window (one minute by default) covers the burst: one line, plus one if the burst straddles a window edge.
        tally.Add("warning lines for the burst ≤ 2", lines is >= 1 and <= 2 ? [] : [$"{lines} lines"]);

        // The same flood without a token: every request is 401, the "Refused an activity" warning is not repeated.
        const string Unauthenticated = "Refused an activity:";
        var unauthenticatedBefore = bot.Host.Logs.Lines.Count(l => l.Contains(Unauthenticated, StringComparison.Ordinal));
        var unauthorized = 0;
        await Task.WhenAll(Enumerable.Range(0, Burst).Select(async i =>
        {
            await gate.WaitAsync();
            try
            {
                using var response = await bot.Teams.PostAsync(Activities.Message(bot.Simulator.ServiceUrl, chat, user, $"hello {i}"), token: null);
                if ((int)response.StatusCode == 401) Interlocked.Increment(ref unauthorized);
            }
            finally
            {
                gate.Release();
            }
        }));
        var unauthenticatedLines = bot.Host.Logs.Lines.Count(l => l.Contains(Unauthenticated, StringComparison.Ordinal)) - unauthenticatedBefore;
        tally.Add($"{Burst} requests without a token answer 401", unauthorized == Burst ? [] : [$"{unauthorized}× 401"]);
        tally.Add("401 warning lines for the burst ≤ 2", unauthenticatedLines is >= 1 and <= 2 ? [] : [$"{unauthenticatedLines} lines"]);
        // Nothing else in the bot turned the two floods into a line per request either.
        var warnings = bot.Host.Logs.Lines.Skip(allBefore).Count(l => l.StartsWith("Warning", StringComparison.Ordinal) || l.StartsWith("Error", StringComparison.Ordinal));
        tally.Add($"warning and error lines of any kind for {2 * Burst} requests ≤ 10", warnings <= 10 ? [] : [$"{warnings} lines"]);
        tally.Verdict(string.Create(CultureInfo.InvariantCulture, $"{refused} refusals → {lines} line(s), {unauthorized} 401s → {unauthenticatedLines} line(s)"));
    }
}
