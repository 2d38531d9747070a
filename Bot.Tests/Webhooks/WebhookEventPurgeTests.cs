using Bot.Tests.Identity;
using HubSpotTeamsBot.Storage;
using HubSpotTeamsBot.Webhooks;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Bot.Tests.Webhooks;

/// <summary>The WebhookEvents dedup table stays bounded: rows past HubSpot's redelivery horizon are purged, recent ones kept (real Azurite).</summary>
public sealed class WebhookEventPurgeTests(WebhookBotFixture bot) : IClassFixture<WebhookBotFixture>
{
    [Fact]
    public async Task Rows_of_events_handled_before_the_retention_and_lapsed_claims_go_while_recent_ones_stay_and_still_deduplicate()
    {
        var tenant = "purge-" + Guid.NewGuid().ToString("N");
        var clock = new ManualTimeProvider(DateTimeOffset.UtcNow);
        var log = new WebhookEventLog(bot.Host.Services.GetRequiredService<StorageTables>(), clock);
        var options = Options.Create(new WebhookOptions { EventRetention = TimeSpan.FromDays(3) });
        var purge = new WebhookEventPurge(log, options, clock, NullLogger<WebhookEventPurge>.Instance);

        var old = await HandleAsync(log, tenant, 1_000, 150); // more than one transaction's 100 rows
        var lapsed = await log.ClaimAsync(tenant, Event(5_000), TimeSpan.FromSeconds(30), CancellationToken.None); // its instance died
        Assert.Equal(EventClaimStatus.Claimed, lapsed.Status);
        clock.Advance(TimeSpan.FromDays(3) + TimeSpan.FromHours(1));
        var recent = await HandleAsync(log, tenant, 2_000, 5);

        var purged = await purge.PurgeOnceAsync(CancellationToken.None);

        Assert.True(purged >= old.Count + 1, $"purged {purged}");
        foreach (var id in old) Assert.False(await log.IsDoneAsync(tenant, WebhookBotFixture.PortalId, id));
        foreach (var id in recent) Assert.True(await log.IsDoneAsync(tenant, WebhookBotFixture.PortalId, id));
        // A recent event redelivered is still recognised as handled.
        Assert.Equal(EventClaimStatus.Done, (await log.ClaimAsync(tenant, Event(recent[0]), TimeSpan.FromSeconds(30), CancellationToken.None)).Status);
        // The lapsed claim's row went too: the event can be claimed afresh (by a row added, not taken over).
        Assert.Equal(EventClaimStatus.Claimed, (await log.ClaimAsync(tenant, Event(5_000), TimeSpan.FromSeconds(30), CancellationToken.None)).Status);
        Assert.Equal(0, await purge.PurgeOnceAsync(CancellationToken.None));
    }

    [Fact]
    public void A_retention_shorter_than_HubSpots_redelivery_horizon_is_refused_at_start_naming_the_setting()
    {
        var services = new ServiceCollection().AddLogging();
        services.AddHubSpotWebhooks(new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Webhooks:EventRetention"] = "12:00:00" }).Build());
        using var provider = services.BuildServiceProvider();
        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<WebhookOptions>>().Value);
        Assert.Contains("Webhooks:EventRetention", error.Message, StringComparison.Ordinal);
    }

    private static async Task<List<long>> HandleAsync(WebhookEventLog log, string tenant, long first, int count)
    {
        var claims = new List<EventClaim>();
        for (var id = first; id < first + count; id++) claims.Add(await log.ClaimAsync(tenant, Event(id), TimeSpan.FromSeconds(30), CancellationToken.None));
        Assert.All(claims, c => Assert.Equal(EventClaimStatus.Claimed, c.Status));
        await log.CompleteAsync(claims, CancellationToken.None);
        return claims.Select(c => c.Event.EventId).ToList();
    }

    private static HubSpotWebhookEvent Event(long id) => new()
    {
        EventId = id,
        PortalId = WebhookBotFixture.PortalId,
        OccurredAt = 1,
        ObjectId = 1,
        SubscriptionType = "deal.creation",
    };
}
