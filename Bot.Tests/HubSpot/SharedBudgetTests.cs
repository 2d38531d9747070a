using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Bot.Tests.Harness;
using Bot.Tests.Reliability;
using HubSpotTeamsBot.HubSpot;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Bot.Tests.HubSpot;

/// <summary>
/// HubSpot's limits are per app and portal. Three independent bot service containers (three instances) share one
/// Azurite and hammer one portal of a sandbox that enforces HubSpot's limits (100 calls per rolling 10 s, 5 searches
/// per second): together they must never get a 429, and still use most of the budget.
/// </summary>
[Collection(AzuriteCollectionDefinition.Name)]
public sealed class SharedBudgetTests(AzuriteFixture azurite, ITestOutputHelper output)
{
    private const int Instances = 3;
    private const int WorkersPerLimit = 4;
    private static readonly TimeSpan Run = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task Three_instances_hammering_one_portal_get_no_429s_and_use_most_of_the_budget()
    {
        await using var host = SandboxHost.Start(new Dictionary<string, string?> { ["Sandbox:Behaviour:EnforceRateLimits"] = "true" });
        var sandbox = new SandboxPortal(host);
        // No retries: every 429 HubSpot sends reaches the caller as well as the sandbox's count.
        var settings = new Dictionary<string, string?> { ["HubSpot:MaxRetryAttempts"] = "0" };
        var instances = Enumerable.Range(0, Instances).Select(_ => HubSpotServices.Build(azurite, sandbox.BaseUrl, settings)).ToList();
        try
        {
            var tenant = await sandbox.LinkNewTenantAsync(instances[0], contacts: 20);
            await host.Admin.ResetRateLimitsAsync();
            var before = await sandbox.StatsAsync(tenant.PortalId);
            var searches = new ConcurrentQueue<TimeSpan>();
            var calls = new ConcurrentQueue<TimeSpan>();
            var heldBack = 0;
            var timedOut = 0;
            var failures = new ConcurrentQueue<Exception>();
            var clock = Stopwatch.StartNew();

            async Task WorkAsync(Func<Task> call, ConcurrentQueue<TimeSpan> answered)
            {
                while (clock.Elapsed < Run)
                {
                    try
                    {
                        await call();
                        answered.Enqueue(clock.Elapsed);
                    }
                    catch (HubSpotRateLimitedException local) when (local.PolicyName is HubSpotRateLimitedException.LocalBurstPolicy or HubSpotRateLimitedException.LocalSearchPolicy)
                    {
                        Interlocked.Increment(ref heldBack); // our own limiter said wait: no request left this machine
                    }
                    catch (HubSpotUnavailableException timeout) when (timeout.Category == "TIMEOUT")
                    {
                        // A heavily loaded test machine can make the odd call outlive its attempt timeout; that is
                        // reported to the user as "HubSpot did not answer", not a breach of HubSpot's limits.
                        Interlocked.Increment(ref timedOut);
                    }
                    catch (Exception e)
                    {
                        failures.Enqueue(e);
                        await Task.Delay(100); // a broken run fails below; no need to spin on it
                    }
                }
            }

            var search = new CrmSearchRequest { Query = "example", Limit = 10 };
            var workers = instances.SelectMany(services =>
            {
                var crm = services.GetRequiredService<HubSpotCrmClient>();
                return Enumerable.Range(0, WorkersPerLimit).SelectMany(_ => new[]
                {
                    Task.Run(() => WorkAsync(() => crm.SearchAsync(tenant.TenantId, CrmObjectType.Contacts, search), searches)),
                    Task.Run(() => WorkAsync(() => crm.GetAccountInfoAsync(tenant.TenantId), calls)),
                });
            }).ToList();
            await Task.WhenAll(workers);
            var elapsed = clock.Elapsed;

            var after = await sandbox.StatsAsync(tenant.PortalId);
            var hubSpot429s = after.Status(429) - before.Status(429);
            var searchRate = searches.Count / elapsed.TotalSeconds;
            var burstPeak = Peak(calls, TimeSpan.FromSeconds(10));
            var total = searches.Count + calls.Count;
            var line = ReliabilitySummary.Record($"scale-out: shared budget {Instances} instances", total, heldBack, (int)hubSpot429s + failures.Count,
                string.Create(CultureInfo.InvariantCulture,
                    $"{total} calls, {hubSpot429s} 429s, {searchRate:0.0} searches/s of 5, {burstPeak} calls in a 10 s window of 100, {timedOut} timed out"));
            output.WriteLine(line);

            Assert.Empty(failures);
            Assert.Equal(0, hubSpot429s);
            Assert.True(timedOut * 20 < total, $"{timedOut} of {total} calls timed out");
            Assert.True(searchRate >= 2.5, $"searches used {searchRate:0.0}/s of the 5/s budget");
            Assert.True(burstPeak >= 80, $"only {burstPeak} calls in the busiest 10 s of a 100-call budget");
        }
        finally
        {
            foreach (var services in instances) await services.DisposeAsync();
        }
    }

    /// <summary>The most answers in any span of <paramref name="window"/>.</summary>
    private static int Peak(IEnumerable<TimeSpan> times, TimeSpan window)
    {
        var sorted = times.Order().ToArray();
        var peak = 0;
        for (int start = 0, end = 0; end < sorted.Length; end++)
        {
            while (sorted[end] - sorted[start] >= window) start++;
            peak = Math.Max(peak, end - start + 1);
        }

        return peak;
    }
}
