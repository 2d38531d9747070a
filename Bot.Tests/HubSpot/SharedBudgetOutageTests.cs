using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Bot.Tests.Harness;
using Bot.Tests.Reliability;
using Bot.Tests.ScaleOut;
using HubSpotTeamsBot.HubSpot;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Bot.Tests.HubSpot;

/// <summary>
/// The shared budget through a storage outage: three instances keep more HubSpot work going than one portal's limits
/// allow while their Azurite is stopped for a few seconds and started again. The portal link is cached for longer than
/// the outage, so the instances keep trying to call HubSpot throughout; the sandbox enforcing HubSpot's limits must
/// still never answer 429 — before, during or after the outage — and the calls must resume once storage is back.
/// </summary>
public sealed class SharedBudgetOutageTests(ITestOutputHelper output)
{
    private const int Instances = 3;
    private const int WorkersPerLimit = 4;
    private static readonly TimeSpan Run = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan OutageAt = TimeSpan.FromSeconds(8);
    private static readonly TimeSpan OutageFor = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task Three_busy_instances_get_no_429s_through_a_storage_restart()
    {
        var azurite = new AzuriteFixture { KeepDataAcrossRestarts = true };
        await azurite.StartAsync();
        await using var host = SandboxHost.Start(new Dictionary<string, string?> { ["Sandbox:Behaviour:EnforceRateLimits"] = "true" });
        var sandbox = new SandboxPortal(host);
        var settings = new Dictionary<string, string?>
        {
            // No retries: every 429 HubSpot sends reaches the caller as well as the sandbox's count.
            ["HubSpot:MaxRetryAttempts"] = "0",
            // The link stays known through the outage, so HubSpot calls are attempted all along.
            ["Storage:RecentReadTtl"] = "00:05:00",
            ["Storage:MaxRetries"] = "0",
        };
        var instances = Enumerable.Range(0, Instances).Select(_ => HubSpotServices.Build(azurite, sandbox.BaseUrl, settings)).ToList();
        try
        {
            var tenant = await sandbox.LinkNewTenantAsync(instances[0], contacts: 20);
            await host.Admin.ResetRateLimitsAsync();
            await host.Admin.ResetStatsAsync(tenant.PortalId);
            var answered = new ConcurrentQueue<TimeSpan>();
            var heldBack = 0;
            var failures = new ConcurrentQueue<Exception>();
            var clock = Stopwatch.StartNew();
            var started = DateTimeOffset.UtcNow;

            async Task WorkAsync(Func<Task> call)
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
                        Interlocked.Increment(ref heldBack); // our own limiter said wait: nothing left this machine
                    }
                    catch (HubSpotUnavailableException timeout) when (timeout.Category == "TIMEOUT")
                    {
                        // A loaded machine's odd slow answer; not what this test is about.
                    }
                    catch (Exception e)
                    {
                        failures.Enqueue(e);
                        await Task.Delay(100);
                    }
                }
            }

            var search = new CrmSearchRequest { Query = "example", Limit = 10 };
            var workers = instances.SelectMany(services =>
            {
                var crm = services.GetRequiredService<HubSpotCrmClient>();
                // The instances are warm (each has read the link) before storage goes away.
                return Enumerable.Range(0, WorkersPerLimit).SelectMany(_ => new[]
                {
                    Task.Run(() => WorkAsync(() => crm.SearchAsync(tenant.TenantId, CrmObjectType.Contacts, search))),
                    Task.Run(() => WorkAsync(() => crm.GetAccountInfoAsync(tenant.TenantId))),
                });
            }).ToList();

            await Task.Delay(OutageAt);
            var stoppedAt = clock.Elapsed;
            await azurite.StopAsync();
            await Task.Delay(OutageFor);
            await azurite.StartAsync();
            var backAt = clock.Elapsed;
            await Task.WhenAll(workers);

            var log = await host.Admin.GetRateLimitLogAsync(tenant.PortalId);
            var refused = log.Count(e => !e.Admitted);
            var afterOutage = answered.Count(t => t > backAt);
            var line = ReliabilitySummary.Record("scale-out: shared budget through a storage restart", log.Count, heldBack, refused + failures.Count,
                string.Create(CultureInfo.InvariantCulture,
                    $"{log.Count} calls, {refused} 429s, storage down {stoppedAt.TotalSeconds:F1}–{backAt.TotalSeconds:F1} s, {afterOutage} answered after it"));
            output.WriteLine(line);
            foreach (var report in ThrottleReport.Lines(log, started).Take(20)) output.WriteLine(report);
            foreach (var failure in failures.Take(5)) output.WriteLine(failure.ToString());

            Assert.Empty(failures);
            Assert.Equal(0, refused);
            Assert.True(heldBack > 0, "the workload never asked for more than the budget");
            Assert.True(afterOutage > 0, "no call was answered after storage came back");
        }
        finally
        {
            foreach (var services in instances) await services.DisposeAsync();
            await azurite.DisposeAsync();
        }
    }
}
