using System.Collections.Concurrent;
using Bot.Tests.Harness;
using Bot.Tests.Reliability;
using HubSpotTeamsBot.HubSpot;
using HubSpotTeamsBot.Storage;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Bot.Tests.HubSpot;

/// <summary>
/// Review finding M2 across instances: three independent bot service containers (each its own token provider,
/// lease holder id and HTTP stack, as three App Service instances would be) share one Azurite and one sandbox that
/// rotates refresh tokens. The portal's token is made to expire again and again while all three are busy calling
/// HubSpot: HubSpot must see exactly one refresh per expiry, no refused refresh, and the link must never break.
/// </summary>
[Collection(AzuriteCollectionDefinition.Name)]
public sealed class RefreshLeaseRaceTests(AzuriteFixture azurite, ITestOutputHelper output)
{
    private const int Instances = 3;
    private const int WorkersPerInstance = 3;
    private const int Expiries = 5;

    private static readonly Dictionary<string, string?> Rotating = new() { ["Sandbox:RotateRefreshTokens"] = "true" };

    // Short recent-read memory so each instance notices an expiry quickly; room in the local limiter for the workload.
    private static readonly Dictionary<string, string?> Instance = new()
    {
        ["Storage:RecentReadTtl"] = "00:00:00.200",
        ["HubSpot:RequestsPer10Seconds"] = "100000",
    };

    [Fact]
    public async Task Three_busy_instances_refresh_once_per_expiry_and_never_break_the_link()
    {
        await using var host = SandboxHost.Start(Rotating);
        var sandbox = new SandboxPortal(host);
        var instances = Enumerable.Range(0, Instances).Select(_ => HubSpotServices.Build(azurite, sandbox.BaseUrl, Instance)).ToList();
        await using var admin = HubSpotServices.Build(azurite, sandbox.BaseUrl);
        try
        {
            var tenant = await sandbox.LinkNewTenantAsync(admin);
            var store = admin.GetRequiredService<PortalLinkStore>();
            var before = await sandbox.StatsAsync(tenant.PortalId);
            var calls = new int[Instances];
            var failures = new ConcurrentQueue<Exception>();
            using var stop = new CancellationTokenSource();

            var workers = instances.SelectMany((services, index) => Enumerable.Range(0, WorkersPerInstance).Select(_ => Task.Run(async () =>
            {
                var crm = services.GetRequiredService<HubSpotCrmClient>();
                while (!stop.IsCancellationRequested)
                {
                    try
                    {
                        var account = await crm.GetAccountInfoAsync(tenant.TenantId);
                        Assert.Equal(tenant.PortalId, account.PortalId);
                        Interlocked.Increment(ref calls[index]);
                    }
                    catch (HubSpotRateLimitedException local) when (local.PolicyName is HubSpotRateLimitedException.LocalBurstPolicy)
                    {
                        // The shared budget's storage round trips (one caller per instance at a time) outlasted the
                        // slot wait on a loaded machine: nothing was sent, and the refresh is what this test is about.
                    }
                    catch (Exception e)
                    {
                        failures.Enqueue(e);
                    }

                    await Task.Delay(50);
                }
            }))).ToList();

            for (var expiry = 0; expiry < Expiries; expiry++)
            {
                await Task.Delay(400);
                var callsBefore = calls.ToArray();
                // The token runs out (as far as every instance can tell) while all of them are busy.
                var expired = await store.UpdateAsync(tenant.TenantId, link => link with { AccessTokenExpiresAt = DateTimeOffset.UtcNow.AddSeconds(-1) });
                await WaitForRefreshAsync(store, tenant.TenantId, expired!.AccessToken);
                await WaitUntilEveryInstanceCalledAgainAsync(calls, callsBefore);
            }

            await stop.CancelAsync();
            await Task.WhenAll(workers);

            var after = await sandbox.StatsAsync(tenant.PortalId);
            var refreshes = after.Count("oauth.token:refresh_token") - before.Count("oauth.token:refresh_token");
            var refused = after.Count("oauth.error:invalid_grant") - before.Count("oauth.error:invalid_grant");
            var stored = (await store.GetAsync(tenant.TenantId))!;
            var broken = stored.State == PortalLinkState.Broken ? 1 : 0;
            var line = ReliabilitySummary.Record($"scale-out: refresh race {Instances} instances", Expiries, (int)refused, broken + failures.Count,
                $"{Expiries} expiries, {refreshes} refreshes, {broken} broken, {calls.Sum()} calls");
            output.WriteLine(line);

            Assert.Empty(failures);
            Assert.Equal(PortalLinkState.Linked, stored.State);
            Assert.Equal(0, refused);
            Assert.Equal(Expiries, refreshes);
            Assert.All(calls, count => Assert.True(count > Expiries, $"every instance kept calling HubSpot ({string.Join(", ", calls)})"));
        }
        finally
        {
            foreach (var services in instances) await services.DisposeAsync();
        }
    }

    private static async Task WaitForRefreshAsync(PortalLinkStore store, string tenantId, string expiredToken)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (DateTime.UtcNow < deadline)
        {
            var link = await store.GetAsync(tenantId);
            if (link is { State: PortalLinkState.Broken }) Assert.Fail("The link became broken: " + link.BrokenReason);
            if (link is not null && link.AccessToken != expiredToken) return;
            await Task.Delay(50);
        }

        Assert.Fail("No instance refreshed the expired token within 20 s.");
    }

    private static async Task WaitUntilEveryInstanceCalledAgainAsync(int[] calls, int[] before)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (DateTime.UtcNow < deadline)
        {
            if (calls.Select((count, i) => count > before[i] + 2).All(x => x)) return;
            await Task.Delay(50);
        }

        Assert.Fail("Not every instance made HubSpot calls after the refresh.");
    }
}
