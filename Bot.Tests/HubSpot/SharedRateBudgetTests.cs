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
        // Taken and never released: the holder is gone before HubSpot answered.
        await dying.GetRequiredService<PortalRateLimiter>().AcquireAsync(portal, isSearch: true, CancellationToken.None);
        var limiter = survivor.GetRequiredService<PortalRateLimiter>();

        await Assert.ThrowsAsync<HubSpotRateLimitedException>(() => limiter.AcquireAsync(portal, isSearch: true, CancellationToken.None));
        await Task.Delay(TimeSpan.FromSeconds(1.6)); // attempt timeout + a window and a tenth
        await limiter.AcquireAsync(portal, isSearch: true, CancellationToken.None);
    }

    [Fact]
    public async Task Without_reachable_storage_each_instance_keeps_its_own_limit_and_calls_still_go_out()
    {
        await using var services = HubSpotServices.Build(azurite, Nowhere, new Dictionary<string, string?>
        {
            ["Storage:ConnectionString"] = "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;TableEndpoint=http://127.0.0.1:9/devstoreaccount1;",
            ["Storage:MaxRetries"] = "0",
            ["HubSpot:SearchRequestsPerSecond"] = "2",
            ["HubSpot:RateLimitWait"] = "00:00:01",
        });
        var limiter = services.GetRequiredService<PortalRateLimiter>();
        var portal = NewPortal();

        await limiter.AcquireAsync(portal, isSearch: true, CancellationToken.None);
        await limiter.AcquireAsync(portal, isSearch: true, CancellationToken.None);
        var error = await Assert.ThrowsAsync<HubSpotRateLimitedException>(() => limiter.AcquireAsync(portal, isSearch: true, CancellationToken.None));

        Assert.Equal(HubSpotRateLimitedException.LocalSearchPolicy, error.PolicyName);
    }
    [Fact]
    public async Task When_storage_fails_an_instance_keeps_to_its_share_of_the_budget_not_the_whole_limit()
    {
        // Three instances take burst slots of one portal; the first then sees all three holders.
        ServiceProvider[] instances = [Instance(searchLimit: 5), Instance(searchLimit: 5), Instance(searchLimit: 5)];
        var portal = NewPortal();
        foreach (var instance in instances) (await instance.GetRequiredService<PortalRateLimiter>().AcquireAsync(portal, isSearch: false, CancellationToken.None)).Dispose();
        var limiter = instances[0].GetRequiredService<PortalRateLimiter>();
        (await limiter.AcquireAsync(portal, isSearch: false, CancellationToken.None)).Dispose();

        // Storage goes away: the local limit (100 per 10 s, 98 left here) would let nearly all of it through.
        limiter.Shared!.SkipFor(TimeSpan.FromMinutes(1));
        var granted = 0;
        try
        {
            while (granted < 100)
            {
                await limiter.AcquireAsync(portal, isSearch: false, CancellationToken.None);
                granted++;
            }
        }
        catch (HubSpotRateLimitedException)
        {
        }

        Assert.Equal(100 / 3, granted);
        foreach (var instance in instances) await instance.DisposeAsync();
    }
}
