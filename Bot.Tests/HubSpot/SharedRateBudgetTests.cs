using System.Diagnostics;
using Bot.Tests.Harness;
using HubSpotTeamsBot.HubSpot;
using Microsoft.Extensions.DependencyInjection;

namespace Bot.Tests.HubSpot;

/// <summary>The per-portal limiter of two instances sharing one budget in Table storage (Azurite); no HubSpot involved.</summary>
[Collection(AzuriteCollectionDefinition.Name)]
public sealed class SharedRateBudgetTests(AzuriteFixture azurite)
{
    private static readonly Uri Nowhere = new("http://127.0.0.1:9/");

    private ServiceProvider Instance(int searchLimit, string rateLimitWait = "00:00:01", string attemptTimeout = "00:00:02") =>
        HubSpotServices.Build(azurite, Nowhere, new Dictionary<string, string?>
        {
            ["HubSpot:SearchRequestsPerSecond"] = searchLimit.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["HubSpot:RateLimitWait"] = rateLimitWait,
            ["HubSpot:AttemptTimeout"] = attemptTimeout,
            ["HubSpot:CallTimeout"] = attemptTimeout,
        });

    private static long NewPortal() => Random.Shared.NextInt64(1_000_000, long.MaxValue);

    private static async Task Warm(IServiceProvider instance)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                (await instance.GetRequiredService<PortalRateLimiter>().AcquireAsync(NewPortal(), isSearch: false, CancellationToken.None)).Dispose();
                return;
            }
            catch (HubSpotRateLimitedException) when (attempt < 20)
            {
                // Storage was slower than the wait: the next try finds the table and connection ready.
            }
        }
    }

    [Fact]
    public async Task Two_instances_share_one_portals_search_slots()
    {
        await using var first = Instance(searchLimit: 3);
        await using var second = Instance(searchLimit: 3);
        var a = first.GetRequiredService<PortalRateLimiter>();
        var b = second.GetRequiredService<PortalRateLimiter>();
        var portal = NewPortal();

        await a.AcquireAsync(portal, isSearch: true, CancellationToken.None);
        await a.AcquireAsync(portal, isSearch: true, CancellationToken.None);
        await b.AcquireAsync(portal, isSearch: true, CancellationToken.None);
        var error = await Assert.ThrowsAsync<HubSpotRateLimitedException>(() => b.AcquireAsync(portal, isSearch: true, CancellationToken.None));
        await b.AcquireAsync(portal, isSearch: false, CancellationToken.None); // the burst budget is a separate one
        await b.AcquireAsync(NewPortal(), isSearch: true, CancellationToken.None); // and so is every other portal's

        Assert.Equal(HubSpotRateLimitedException.LocalSearchPolicy, error.PolicyName);
    }

    [Fact]
    public async Task A_slot_another_instance_used_comes_back_a_window_and_a_tenth_after_its_answer()
    {
        await using var first = Instance(searchLimit: 1, rateLimitWait: "00:00:01.900", attemptTimeout: "00:00:03");
        await using var second = Instance(searchLimit: 1, rateLimitWait: "00:00:01.900", attemptTimeout: "00:00:03");
        var portal = NewPortal();
        var slot = await first.GetRequiredService<PortalRateLimiter>().AcquireAsync(portal, isSearch: true, CancellationToken.None);
        var answered = Stopwatch.StartNew();
        slot.Dispose(); // HubSpot answered

        await second.GetRequiredService<PortalRateLimiter>().AcquireAsync(portal, isSearch: true, CancellationToken.None);

        Assert.True(answered.Elapsed >= TimeSpan.FromSeconds(1.1) - TimeSpan.FromMilliseconds(50), $"the slot came back after {answered.Elapsed}");
    }

    [Fact]
    public async Task A_slot_taken_by_an_instance_that_died_mid_call_frees_itself()
    {
        await using var dying = Instance(searchLimit: 1, rateLimitWait: "00:00:00.300", attemptTimeout: "00:00:00.400");
        await using var survivor = Instance(searchLimit: 1, rateLimitWait: "00:00:00.300", attemptTimeout: "00:00:00.400");
        var portal = NewPortal();
        var limiter = survivor.GetRequiredService<PortalRateLimiter>();
        // A cold instance's first storage round trips can take longer than the 300 ms wait: warm both on another portal.
        await Warm(dying);
        await Warm(survivor);
        // Taken and never released: the holder is gone before HubSpot answered.
        await dying.GetRequiredService<PortalRateLimiter>().AcquireAsync(portal, isSearch: true, CancellationToken.None);

        await Assert.ThrowsAsync<HubSpotRateLimitedException>(() => limiter.AcquireAsync(portal, isSearch: true, CancellationToken.None));
        await Task.Delay(TimeSpan.FromSeconds(1.6)); // attempt timeout + a window and a tenth
        await limiter.AcquireAsync(portal, isSearch: true, CancellationToken.None);
    }

    [Fact]
    public async Task A_slot_whose_call_got_no_answer_is_held_an_attempt_timeout_longer()
    {
        await using var first = Instance(searchLimit: 1, rateLimitWait: "00:00:01.900", attemptTimeout: "00:00:03");
        await using var second = Instance(searchLimit: 1, rateLimitWait: "00:00:01.900", attemptTimeout: "00:00:03");
        var portal = NewPortal();
        var slot = await first.GetRequiredService<PortalRateLimiter>().AcquireAsync(portal, isSearch: true, CancellationToken.None);
        slot.Unanswered(); // timed out: HubSpot may count the request later

        // An answered call's slot would be back after 1.1 s, inside this wait; this one is held 3 s + 1.1 s.
        var error = await Assert.ThrowsAsync<HubSpotRateLimitedException>(() => second.GetRequiredService<PortalRateLimiter>().AcquireAsync(portal, isSearch: true, CancellationToken.None));

        Assert.Equal(HubSpotRateLimitedException.LocalSearchPolicy, error.PolicyName);
    }

    [Fact]
    public async Task Without_reachable_storage_no_call_goes_out_and_the_caller_is_told_HubSpot_is_busy()
    {
        await using var services = HubSpotServices.Build(azurite, Nowhere, new Dictionary<string, string?>
        {
            ["Storage:ConnectionString"] = "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;TableEndpoint=http://127.0.0.1:9/devstoreaccount1;",
            ["Storage:MaxRetries"] = "0",
            ["HubSpot:RateLimitWait"] = "00:00:01",
        });
        var limiter = services.GetRequiredService<PortalRateLimiter>();
        var portal = NewPortal();

        // Not even the first call: what the other instances spent is only known to the table.
        var burst = await Assert.ThrowsAsync<HubSpotRateLimitedException>(() => limiter.AcquireAsync(portal, isSearch: false, CancellationToken.None));
        var search = await Assert.ThrowsAsync<HubSpotRateLimitedException>(() => limiter.AcquireAsync(portal, isSearch: true, CancellationToken.None));

        Assert.Equal(HubSpotRateLimitedException.LocalBurstPolicy, burst.PolicyName);
        Assert.Equal(HubSpotRateLimitedException.LocalSearchPolicy, search.PolicyName);
    }

    [Fact]
    public async Task A_call_waiting_through_a_storage_outage_goes_out_on_a_shared_slot_once_storage_answers()
    {
        // Its own Azurite: this test stops it.
        var storage = new AzuriteFixture { KeepDataAcrossRestarts = true };
        await storage.StartAsync();
        try
        {
            await using var services = HubSpotServices.Build(storage, Nowhere, new Dictionary<string, string?>
            {
                ["Storage:MaxRetries"] = "0",
                ["HubSpot:SearchRequestsPerSecond"] = "1",
                ["HubSpot:RateLimitWait"] = "00:00:50",
                ["HubSpot:AttemptTimeout"] = "00:01:00",
                ["HubSpot:CallTimeout"] = "00:01:00",
            });
            var limiter = services.GetRequiredService<PortalRateLimiter>();
            var portal = NewPortal();
            (await limiter.AcquireAsync(portal, isSearch: false, CancellationToken.None)).Dispose();

            await storage.StopAsync();
            var waiting = limiter.AcquireAsync(portal, isSearch: true, CancellationToken.None);
            await Task.Delay(TimeSpan.FromSeconds(1));
            Assert.False(waiting.IsCompleted, "a slot was granted while the shared budget could not be read");
            await storage.StartAsync();
            using var slot = await waiting;

            // The slot it got is in the table: another instance finds the portal's one search slot taken.
            await using var otherOnSameStorage = HubSpotServices.Build(storage, Nowhere, new Dictionary<string, string?>
            {
                ["HubSpot:SearchRequestsPerSecond"] = "1",
                ["HubSpot:RateLimitWait"] = "00:00:00.500",
            });
            await Assert.ThrowsAsync<HubSpotRateLimitedException>(() => otherOnSameStorage.GetRequiredService<PortalRateLimiter>().AcquireAsync(portal, isSearch: true, CancellationToken.None));
        }
        finally
        {
            await storage.DisposeAsync();
        }
    }
}
